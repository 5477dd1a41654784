{#
    The single entry point from source records to customers: one row per staged
    customer record (customer_id) with the customer_key every customer-level model
    uses. A view of int_customer_record_groups, which groups the records (and, being
    incremental, regroups only the records a run concerns), without its load columns.
    Like every view, it names its source without the database (macros/schema/ref.sql):
    DuckDB then reads it from the view's own database file, whatever name that file is
    attached under (a BI tool's ATTACH ... AS alias, a copy of the file).
#}
{{ config(materialized='view') }}

with

record_groups as (
    select * from {{ ref('int_customer_record_groups') }}
),

final as (
    select
        customer_id,
        customer_key,
        source_system,
        matched_customer_id,
        match_rule,
        is_anchor_record
    from record_groups
)

select * from final
