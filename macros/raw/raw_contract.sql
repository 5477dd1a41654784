{#
    The raw input contract: each raw table and the columns the project reads from it
    (extra columns are ignored). Public interface: see models/staging/raw/_raw__sources.yml.
#}
{% macro raw_contract() %}
    {{ return({
        'customers': ['customer_id', 'source_system', 'first_name', 'last_name', 'email', 'phone',
                      'address_line', 'postal_code', 'city', 'country_code', 'email_opt_in',
                      'sms_opt_in', 'created_at', 'updated_at'],
        'business_lines': ['business_line', 'industry'],
        'transactions': ['transaction_id', 'customer_id', 'business_line', 'transaction_at',
                         'amount', 'currency', 'channel'],
        'email_events': ['event_id', 'customer_id', 'event_type', 'event_at', 'campaign_id'],
        'usage_events': ['customer_id', 'business_line', 'used_at'],
        'contracts': ['contract_id', 'customer_id', 'business_line', 'started_at', 'ends_at'],
    }) }}
{% endmacro %}
