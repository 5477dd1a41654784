{#
    Every raw business-line row, typed, with its reject reason and a duplicate flag.
    Codes are trimmed and lower-cased (transactions are matched the same way). Two
    rows giving one line different industries are both rejected: the line is unknown
    until the feed is fixed.
#}
with

source as (
    select * from {{ raw_source('business_lines') }}
),

typed as (
    select
        lower({{ clean_text('business_line') }}) as business_line,
        lower({{ clean_text('industry') }}) as industry,
        {{ raw_record(raw_contract()['business_lines']) }} as raw_record
    from source
),

industries_per_line as (
    select
        business_line,
        count(distinct industry) as industry_count
    from typed
    where business_line is not null and industry is not null
    group by business_line
),

checked as (
    select
        typed.*,
        case
            when typed.business_line is null then 'missing_business_line'
            when typed.industry is null then 'missing_industry'
            when industries_per_line.industry_count > 1 then 'conflicting_industry'
        end as reject_reason
    from typed
    left join industries_per_line
        on typed.business_line = industries_per_line.business_line
),

ranked as (
    select
        *,
        row_number() over (
            partition by (reject_reason is null), business_line
            order by raw_record
        ) as version_rank
    from checked
),

final as (
    select
        business_line,
        industry,
        raw_record,
        reject_reason,
        (reject_reason is null and version_rank > 1) as is_duplicate
    from ranked
)

select * from final
