{#
    One row per source system: how usable its customer records are (share of valid
    emails, phones and complete addresses among its staged records), how many of them
    identity resolution found to be duplicates of another record, and how many raw
    rows staging rejected or removed as repeated versions.
#}
with

records as (
    select * from {{ ref('int_customer_records_normalised') }}
),

identity_map as (
    select * from {{ ref('customer_identity_map') }}
),

base_records as (
    select * from {{ ref('base_raw__customers') }}
),

group_sizes as (
    select
        customer_key,
        count(*) as record_count
    from identity_map
    group by customer_key
),

raw_counts as (
    select
        cast(count(*) as integer) as raw_row_count,
        cast(sum(case when reject_reason is not null then 1 else 0 end) as integer) as rejected_row_count,
        cast(sum(case when is_duplicate then 1 else 0 end) as integer) as repeated_version_count,
        coalesce(source_system, 'unknown') as source_system
    from base_records
    group by coalesce(source_system, 'unknown')
),

record_counts as (
    select
        cast(count(*) as integer) as record_count,
        cast(sum(case when records.is_email_valid then 1 else 0 end) as integer) as valid_email_count,
        cast(sum(case when records.is_email_role or records.is_email_disposable then 1 else 0 end) as integer)
            as role_or_disposable_email_count,
        cast(sum(case when records.is_phone_valid then 1 else 0 end) as integer) as valid_phone_count,
        cast(sum(case when records.phone_line_type = 'mobile' then 1 else 0 end) as integer) as mobile_phone_count,
        cast(sum(case when records.is_address_complete then 1 else 0 end) as integer) as complete_address_count,
        cast(sum(case when group_sizes.record_count > 1 then 1 else 0 end) as integer) as records_in_shared_customers,
        cast(sum(case when not identity_map.is_anchor_record then 1 else 0 end) as integer) as duplicate_record_count,
        coalesce(records.source_system, 'unknown') as source_system
    from records
    inner join identity_map
        on records.customer_id = identity_map.customer_id
    inner join group_sizes
        on identity_map.customer_key = group_sizes.customer_key
    group by coalesce(records.source_system, 'unknown')
),

final as (
    select
        raw_counts.source_system,
        raw_counts.raw_row_count,
        raw_counts.rejected_row_count,
        raw_counts.repeated_version_count,
        coalesce(record_counts.record_count, 0) as record_count,
        coalesce(record_counts.valid_email_count, 0) as valid_email_count,
        coalesce(record_counts.role_or_disposable_email_count, 0) as role_or_disposable_email_count,
        coalesce(record_counts.valid_phone_count, 0) as valid_phone_count,
        coalesce(record_counts.mobile_phone_count, 0) as mobile_phone_count,
        coalesce(record_counts.complete_address_count, 0) as complete_address_count,
        coalesce(record_counts.records_in_shared_customers, 0) as records_in_shared_customers,
        coalesce(record_counts.duplicate_record_count, 0) as duplicate_record_count,
        {%- for measure in ['valid_email', 'valid_phone', 'complete_address', 'duplicate_record'] %}
        cast(
            coalesce(
                record_counts.{{ measure }}_count / nullif(cast(record_counts.record_count as decimal(18, 6)), 0), 0
            )
            as decimal(9, 4)
        ) as {{ measure }}_share,
        {%- endfor %}
        {{ as_of_date() }} as as_of_date
    from raw_counts
    left join record_counts
        on raw_counts.source_system = record_counts.source_system
)

select * from final
