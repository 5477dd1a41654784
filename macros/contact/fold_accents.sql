{#
    Text with the accents of Latin letters removed (é -> e, Ç -> C) and the ligatures
    œ, æ, ß spelled out; other characters unchanged. Portable version: plain
    translate()/replace(), so the same SQL runs on every engine. DuckDB: the same
    result, faster (its translate() costs microseconds per row): plain ASCII text is
    returned as is, text whose other characters are all among the folded ones goes
    through strip_accents() (equal to the translate() here for every one of them once
    ø, Ø are spelled o, O), and anything else through the portable expression.
#}
{% macro fold_accents(expression) %}
    {{- return(adapter.dispatch('fold_accents', 'customer_attrition')(expression)) -}}
{% endmacro %}

{% macro fold_accents_characters() %}
    {{- return({
        'accented': "àâäáãåāèéêëēėęìíîïīįòóôöõøōùúûüūýÿçćčñńšśžźżÀÂÄÁÃÅĀÈÉÊËĒĖĘÌÍÎÏĪĮÒÓÔÖÕØŌÙÚÛÜŪÝŸÇĆČÑŃŠŚŽŹŻ",
        'plain': "aaaaaaaeeeeeeeiiiiiiooooooouuuuuyycccnnsszzzAAAAAAAEEEEEEEIIIIIIOOOOOOOUUUUUYYCCCNNSSZZZ",
        'ligatures': [['œ', 'oe'], ['Œ', 'OE'], ['æ', 'ae'], ['Æ', 'AE'], ['ß', 'ss']],
    }) -}}
{% endmacro %}

{% macro spell_ligatures(expression) %}
    {%- set ns = namespace(sql=expression) -%}
    {%- for pair in fold_accents_characters().ligatures -%}
        {%- set ns.sql = "replace(" ~ ns.sql ~ ", '" ~ pair[0] ~ "', '" ~ pair[1] ~ "')" -%}
    {%- endfor -%}
    {{- return(ns.sql) -}}
{% endmacro %}

{% macro default__fold_accents(expression) %}
    {%- set chars = fold_accents_characters() -%}
    {{- spell_ligatures("translate(" ~ expression ~ ", '" ~ chars.accented ~ "', '" ~ chars.plain ~ "')") -}}
{% endmacro %}

{% macro duckdb__fold_accents(expression) %}
    {%- set chars = fold_accents_characters() -%}
    {%- set ligature_chars = [] -%}
    {%- for pair in chars.ligatures -%}{%- do ligature_chars.append(pair[0]) -%}{%- endfor -%}
    {#- strlen: bytes, length: characters; equal for plain ASCII -#}
    case
        when strlen({{ expression }}) = length({{ expression }}) then {{ expression }}
        when
            not regexp_matches({{ expression }}, '[^\x01-\x7F{{ chars.accented }}{{ ligature_chars | join('') }}]')
            then {{ spell_ligatures("strip_accents(replace(replace(" ~ expression ~ ", 'ø', 'o'), 'Ø', 'O'))") }}
        else {{ default__fold_accents(expression) }}
    end
{%- endmacro %}
