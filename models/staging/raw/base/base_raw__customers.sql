{#
    Every raw customer row, typed, with its reject reason (null when usable) and a
    duplicate flag: per customer_id, among the rows with an id, the latest updated_at
    wins, then the latest created_at, then the raw row's text (a total order: the
    result never depends on row order). stg_raw__customers keeps the usable,
    deduplicated rows; rejected_rows keeps the others. One row per raw row.

    Incremental (macros/incremental/incremental_raw_rows.sql, strategy replace_window),
    like the event staging models: when the raw customers are a folder of deliveries, a
    run reads only the files not loaded yet, plus this table's earlier versions of the
    customer_ids they hold, and ranks them together (an updated record replaces its
    older version; a record whose older version arrives late stays as it was). A
    single file or a warehouse table has no event time to window on: it is re-read
    whole on every run and replaces the whole table. _loaded_at says which run wrote
    each row, so int_customer_records_normalised normalises again only the records
    written since it last ran. --full-refresh re-reads everything.
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='replace_window',
    raw_table='customers',
    window_column=none,
    unique_key='customer_id',
    on_schema_change='fail',
    duplicate_keys=['customer_id'],
    duplicate_order_by='updated_at desc nulls last, created_at desc nulls last, raw_record asc',
    post_hook={'sql': "{{ flag_duplicates_in_place() }}", 'transaction': false},
) }}

{%- set stored_columns = ['customer_id', 'source_system', 'first_name', 'last_name', 'email', 'phone',
    'address_line', 'postal_code', 'city', 'country_code', 'is_email_opt_in', 'is_sms_opt_in', 'created_at',
    'updated_at', 'raw_record', 'reject_reason', '_raw_file'] %}

with

source as (
    select * from {{ raw_source('customers') }}
),

typed as (
    select
        {{ clean_text('customer_id') }} as customer_id,
        lower({{ clean_text('source_system') }}) as source_system,
        {{ clean_text('first_name') }} as first_name,
        {{ clean_text('last_name') }} as last_name,
        {{ clean_text('email') }} as email,
        {{ clean_text('phone') }} as phone,
        {{ clean_text('address_line') }} as address_line,
        {{ clean_text('postal_code') }} as postal_code,
        {{ clean_text('city') }} as city,
        upper({{ clean_text('country_code') }}) as country_code,
        {{ parse_boolean('email_opt_in') }} as is_email_opt_in,
        {{ parse_boolean('sms_opt_in') }} as is_sms_opt_in,
        {{ parse_timestamp('created_at') }} as created_at,
        {{ parse_timestamp('updated_at') }} as updated_at,
        {{ raw_record(raw_contract()['customers']) }} as raw_record,
        {{ raw_file_column('customers') }} as _raw_file
    from source
    {%- if is_incremental() %}
    where {{ incremental_new_raw_rows('customers', none, this, none) }}
    {%- endif %}
),

read_now as (
    -- the stored columns in the table's order
    select  -- noqa: ST06
        customer_id,
        source_system,
        first_name,
        last_name,
        email,
        phone,
        address_line,
        postal_code,
        city,
        country_code,
        is_email_opt_in,
        is_sms_opt_in,
        created_at,
        updated_at,
        raw_record,
        case
            when customer_id is null then 'missing_customer_id'
        end as reject_reason,
        _raw_file
    from typed
),

{{ raw_row_versions(stored_columns) }}
