{#
    Every raw row that staging could not use, with the reason. Nothing is dropped
    silently: raw rows = staged rows + rejected rows + duplicates removed, per table
    (tested on each staging model).
    Three kinds of rejects:
    - malformed rows: a raw CSV line that cannot be read as a row (a field too many, an
      unclosed quote...), with the file, the line number and the reason;
    - row-level: the base_raw__* model's reject_reason (a missing or unparseable
      field, checked on each raw row);
    - references, for the high-volume tables: the latest version of a transaction,
      email event or usage event (a base_raw__* row that passed the row-level checks
      and is not a duplicate) whose customer or business line is not known. Its
      raw_record is the raw row kept by base; when base did not keep it (a customer or
      business line that became unknown after the row was read), the typed values
      stand in for it.
      Only the rows that may be such rejects are checked against the known customers
      and lines: those kept with raw_record (a reference unknown when read), those
      read by a run not listed in base_raw__known_references, and those referring to
      a reference listed there that is no longer known (a row's run is the one that
      read it from the raw data, _read_at: a version written again by a later run
      keeps it). The others had known
      references when read, all listed, and all still known. Checking every row
      instead (hundreds of millions at scale) made this the slowest model of the
      nightly run at 50M and 100M transactions.
#}
{%- set tables = {
    'customers': 'customer_id',
    'business_lines': 'business_line',
    'transactions': 'transaction_id',
    'email_events': 'event_id',
    'usage_events': 'null',
    'contracts': 'contract_id',
} -%}
{%- set reference_checks = ['transactions', 'email_events', 'usage_events'] -%}

with

known_customers as (
    select customer_id from {{ ref('stg_raw__customers') }}
),

known_business_lines as (
    select business_line from {{ ref('stg_raw__business_lines') }}
),

known_references as (
    select * from {{ ref('base_raw__known_references') }}
),

listed_runs as (
    -- the runs whose known references are all listed
    select _loaded_at
    from known_references
    where reference_column = '_run'
),

no_longer_known_customers as (
    select known_references.reference_value as customer_id
    from known_references
    left join known_customers
        on known_references.reference_value = known_customers.customer_id
    where
        known_references.reference_column = 'customer_id'
        and known_customers.customer_id is null
),

no_longer_known_business_lines as (
    select known_references.reference_value as business_line
    from known_references
    left join known_business_lines
        on known_references.reference_value = known_business_lines.business_line
    where
        known_references.reference_column = 'business_line'
        and known_business_lines.business_line is null
),
{%- for table_name in reference_checks %}
{%- set checks_business_line = table_name != 'email_events' %}
{#- the usable versions stored without raw_record, and a row not read by an unlisted run -#}
{%- set usable_without_raw_record -%}
    select usable.*
    from {{ ref('base_raw__' ~ table_name) }} as usable
    where
        usable.reject_reason is null
        and not usable.is_duplicate
        and usable.raw_record is null
{%- endset %}
{%- set read_by_a_listed_run -%}
        and not exists (
            select 1 from {{ table_name }}_unlisted_runs as unlisted_runs
            where unlisted_runs._read_at = usable._read_at
        )
{%- endset %}

{{ table_name }}_unlisted_runs as (
    -- the runs that read rows of this table and are not listed (usually none)
    select read_runs._read_at
    from (select distinct _read_at from {{ ref('base_raw__' ~ table_name) }}) as read_runs
    left join listed_runs
        on read_runs._read_at = listed_runs._loaded_at
    where listed_runs._loaded_at is null
),

{{ table_name }}_candidates as (
    -- the latest usable versions (no row-level reject, not a duplicate) whose
    -- references may be unknown now, in disjoint parts, each filtered by a column or by
    -- a semi-join to a set that is usually empty, so that the rows that cannot be
    -- candidates are never read whole (the base table is read in each part, not through
    -- a CTE, which DuckDB could materialise; portable IN / NOT EXISTS, which DuckDB plans
    -- as semi and anti joins):
    -- (sqlfluff cannot lay out the captured blocks)
    -- noqa: disable=LT02
    -- unknown when read (raw_record kept)
    select usable.*
    from {{ ref('base_raw__' ~ table_name) }} as usable
    where usable.reject_reason is null and not usable.is_duplicate and usable.raw_record is not null

    union all

    -- read by a run whose references are not listed
    {{ usable_without_raw_record }}
        and usable._read_at in (select unlisted_runs._read_at from {{ table_name }}_unlisted_runs as unlisted_runs)

    union all

    -- read by a listed run, referring to a listed customer no longer known
    {{ usable_without_raw_record }}
        and usable.customer_id in (select no_longer_known_customers.customer_id from no_longer_known_customers)
        {{ read_by_a_listed_run }}
    {%- if checks_business_line %}

    union all

    -- ... or to a listed business line no longer known (and not in the part above)
    {{ usable_without_raw_record }}
        and usable.business_line in (
            select no_longer_known_business_lines.business_line from no_longer_known_business_lines
        )
        {{ read_by_a_listed_run }}
        and not exists (
            select 1 from no_longer_known_customers
            where no_longer_known_customers.customer_id = usable.customer_id
        )
    {%- endif %}
    -- noqa: enable=LT02
),

{{ table_name }}_reference_checks as (
    select
        candidates.*,
        case
            when known_customers.customer_id is null then 'unknown_customer'
            {%- if checks_business_line %}
            when known_business_lines.business_line is null then 'unknown_business_line'
            {%- endif %}
        end as reference_reject_reason
    from {{ table_name }}_candidates as candidates
    left join known_customers
        on candidates.customer_id = known_customers.customer_id
    {%- if checks_business_line %}
    left join known_business_lines
        on candidates.business_line = known_business_lines.business_line
    {%- endif %}
),
{%- endfor %}

malformed_rows as (
    -- raw CSV rows that cannot be read at all (macros/raw/load_raw_files.sql)
    select * from {{ source('run_state', 'attrition_malformed_raw_rows') }}
),

rejected as (
    select
        table_name as source_table,
        cast(null as {{ dbt.type_string() }}) as source_key,
        'malformed_row' as reject_reason,
        {{ raw_record(['file_name', 'line', 'error', 'csv_line']) }} as raw_record
    from malformed_rows

    union all
    {%- for table_name, key_column in tables.items() %}
    select
        '{{ table_name }}' as source_table,
        cast({{ key_column }} as {{ dbt.type_string() }}) as source_key,
        reject_reason,
        raw_record
    from {{ ref('base_raw__' ~ table_name) }}
    where reject_reason is not null

    union all
    {%- endfor %}
    {%- for table_name in reference_checks %}
    select
        '{{ table_name }}' as source_table,
        cast({{ tables[table_name] }} as {{ dbt.type_string() }}) as source_key,
        reference_reject_reason as reject_reason,
        coalesce(raw_record, {{ raw_record(raw_contract()[table_name]) }}) as raw_record
    from {{ table_name }}_reference_checks
    where reference_reject_reason is not null
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}
),

numbered as (
    select
        *,
        -- identical raw rows are told apart by their number among themselves
        row_number() over (
            partition by source_table, raw_record
            order by reject_reason asc
        ) as occurrence
    from rejected
),

final as (
    select
        {{ surrogate_key(['source_table', 'raw_record', 'occurrence']) }} as reject_id,
        source_table,
        source_key,
        reject_reason,
        raw_record
    from numbered
)

select * from final
