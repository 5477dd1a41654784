{#
    parse_timestamp on real-world raw values: ISO forms, offsets converted to UTC,
    the French day-first formats of var('timestamp_formats'), and values that must
    not parse (null = rejected by staging).
#}
with

cases as (
    select * from (
        values
        ('2024-03-01 10:00:00', cast('2024-03-01 10:00:00' as timestamp)),
        ('  2024-03-01 10:00:00  ', cast('2024-03-01 10:00:00' as timestamp)),
        ('2024-03-01', cast('2024-03-01 00:00:00' as timestamp)),
        ('2024-03-01T10:00:00Z', cast('2024-03-01 10:00:00' as timestamp)),
        ('2024-03-01T10:00:00+02:00', cast('2024-03-01 08:00:00' as timestamp)),
        ('2024-03-01 23:30:00-01:00', cast('2024-03-02 00:30:00' as timestamp)),
        ('2024-03-01T10:00:00-05', cast('2024-03-01 15:00:00' as timestamp)),
        ('2024-03-01 10:00:00.5+01:00', cast('2024-03-01 09:00:00.5' as timestamp)),
        ('2024-03-01 10:00:00.250', cast('2024-03-01 10:00:00.250' as timestamp)),
        -- offsets after a space, without seconds, without a colon; a Z after minutes
        ('2024-03-01 10:00 +0200', cast('2024-03-01 08:00:00' as timestamp)),
        ('2024-03-01T10:00+02:00', cast('2024-03-01 08:00:00' as timestamp)),
        ('2024-03-01 10:00:00 -05:30', cast('2024-03-01 15:30:00' as timestamp)),
        ('2024-03-01 00:30:00+14:00', cast('2024-02-29 10:30:00' as timestamp)),
        ('2024-03-01 10:00Z', cast('2024-03-01 10:00:00' as timestamp)),
        -- offsets that do not exist, a date followed by something that is not a time
        ('2024-03-01 10:00:00+15:00', cast(null as timestamp)),
        ('2024-03-01 10:00:00+02:75', cast(null as timestamp)),
        ('2024-03-01-05', cast(null as timestamp)),
        ('15/03/2024 14:05:09', cast('2024-03-15 14:05:09' as timestamp)),
        ('15/03/2024', cast('2024-03-15 00:00:00' as timestamp)),
        -- two-digit years (dd/mm/yy): 2024 and 1999, never the years 24 or 15
        ('15/03/24', cast('2024-03-15 00:00:00' as timestamp)),
        ('15/03/99 08:30', cast('1999-03-15 08:30:00' as timestamp)),
        ('24-03-15', cast(null as timestamp)),
        ('20245-03-15', cast(null as timestamp)),
        ('15/3/2024', cast('2024-03-15 00:00:00' as timestamp)),
        ('not a date', cast(null as timestamp)),
        ('2024-02-30 10:00:00', cast(null as timestamp)),
        ('31/13/2024', cast(null as timestamp)),
        ('', cast(null as timestamp)),
        (null, cast(null as timestamp))
    ) as t (raw_value, expected)
)

select
    raw_value,
    expected,
    {{ parse_timestamp('raw_value') }} as actual
from cases
where {{ parse_timestamp('raw_value') }} is distinct from expected
