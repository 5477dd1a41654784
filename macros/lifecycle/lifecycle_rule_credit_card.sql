{#
    Credit cards (002): a card holder is lapsed after six months without a
    transaction. Activity = the last transaction of any amount (purchases, refunds,
    zero-amount operations such as a card issuance). See lifecycle_rule_retail for the
    contract every rule macro follows.
#}
{% macro lifecycle_rule_credit_card() %}
    {{ return({
        'activity_date': 'last_transaction_date',
        'activity_source': "case when last_transaction_date is not null then 'transaction' end",
    }) }}
{% endmacro %}
