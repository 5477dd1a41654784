{#
    Subscriptions (001): billing is automatic, so payment is not activity; usage is.
    Activity = the later of the last usage and the first purchase: a subscriber who
    never used the service is inactive since they subscribed. See
    lifecycle_rule_retail for the contract every rule macro follows.
#}
{% macro lifecycle_rule_subscription() %}
    {{ return({
        'activity_date': greatest_not_null(['last_usage_date', 'first_purchase_date']),
        'activity_source': "case when last_usage_date >= first_purchase_date"
            ~ " or (first_purchase_date is null and last_usage_date is not null) then 'usage'"
            ~ " when first_purchase_date is not null then 'first_purchase' end",
    }) }}
{% endmacro %}
