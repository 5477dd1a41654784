{#- An industry without a dormancy rule stops the build here, naming it. -#}
{{ assert_known_industries(ref('base_raw__business_lines')) }}

with

business_lines as (
    select * from {{ ref('base_raw__business_lines') }}
    where reject_reason is null and not is_duplicate
),

final as (
    select
        business_line,
        industry
    from business_lines
)

select * from final
