{#
    What the event staging models knew when they read their rows: every customer_id and
    business_line known (stg_raw__customers, stg_raw__business_lines) by a run since
    this table's last full refresh, and one row per such run (reference_column '_run').

    stg_raw__rejects reads it so that a nightly run does not check hundreds of millions
    of event rows against the known customers. A row of base_raw__transactions,
    __email_events or __usage_events without raw_record had known references when it
    was read (_read_at); when it was read by a run listed here, those references are listed here
    too, so it can only have become unknown since if a reference listed here is no
    longer known (usually none). Rows read by a run not listed here (base models run on
    their own, or before this table's full refresh) are checked one by one.

    Incremental (append): a run adds the references it knows that are not listed yet,
    and its own '_run' row (_loaded_at = the run's start). Never smaller than what a full
    refresh would write: a reference that is no longer known stays listed.
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='append',
    on_schema_change='fail',
) }}

with

known_now as (
    select
        'customer_id' as reference_column,
        customer_id as reference_value
    from {{ ref('stg_raw__customers') }}

    union all

    select
        'business_line' as reference_column,
        business_line as reference_value
    from {{ ref('stg_raw__business_lines') }}

    union all

    select
        '_run' as reference_column,
        cast({{ loaded_at() }} as {{ dbt.type_string() }}) as reference_value
),

not_listed_yet as (
    select known_now.*
    from known_now
    {% if is_incremental() -%}
    left join {{ this }} as listed
        on
            known_now.reference_column = listed.reference_column
            and known_now.reference_value = listed.reference_value
    where listed.reference_value is null
    {%- endif %}
),

final as (
    select
        reference_column,
        reference_value,
        {{ loaded_at() }} as _loaded_at
    from not_listed_yet
)

select * from final
