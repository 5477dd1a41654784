{#
    Car leasing (002): a customer one year into a two-year lease is not lapsed.
    Active while a contract runs on the as-of date (activity = the as-of date);
    otherwise activity = the later of the last contract end and the last purchase.
    See lifecycle_rule_retail for the contract every rule macro follows.
#}
{% macro lifecycle_rule_auto_lease() %}
    {{ return({
        'activity_date': "case when has_running_contract then " ~ as_of_date() ~ " else "
            ~ greatest_not_null(['last_contract_end_date', 'last_purchase_date']) ~ " end",
        'activity_source': "case when has_running_contract then 'running_contract'"
            ~ " when last_contract_end_date > last_purchase_date"
            ~ " or (last_purchase_date is null and last_contract_end_date is not null) then 'contract_end'"
            ~ " when last_purchase_date is not null then 'purchase' end",
    }) }}
{% endmacro %}
