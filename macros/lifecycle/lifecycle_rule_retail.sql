{#
    Retail (001): a customer is active while they buy or open our communications.
    Activity = the later of the last purchase and the last opened email (a click
    counts as an open). Dormant after lifecycle_rules.retail.dormant_after_days
    (8 months), lost after lost_after_days.

    Every lifecycle_rule_<industry> macro returns two SQL expressions over the columns
    of int_customer_line_activity (see its documentation):
      activity_date   - the date from which days inactive are counted;
      activity_source - which signal gave that date (documented values only).
    Add an industry by copying this file and adding an entry to var('lifecycle_rules').
#}
{% macro lifecycle_rule_retail() %}
    {{ return({
        'activity_date': greatest_not_null(['last_purchase_date', 'last_email_engagement_date']),
        'activity_source': "case when last_email_engagement_date > last_purchase_date"
            ~ " or (last_purchase_date is null and last_email_engagement_date is not null)"
            ~ " then 'email_engagement' when last_purchase_date is not null then 'purchase' end",
    }) }}
{% endmacro %}
