{#
    Text with the accents of Latin letters removed (é -> e, Ç -> C) and the ligatures
    œ, æ, ß spelled out; other characters unchanged. Plain translate()/replace(), so
    the same SQL runs on every engine.
#}
{% macro fold_accents(expression) %}
    {%- set accented = "àâäáãåāèéêëēėęìíîïīįòóôöõøōùúûüūýÿçćčñńšśžźżÀÂÄÁÃÅĀÈÉÊËĒĖĘÌÍÎÏĪĮÒÓÔÖÕØŌÙÚÛÜŪÝŸÇĆČÑŃŠŚŽŹŻ" -%}
    {%- set plain = "aaaaaaaeeeeeeeiiiiiiooooooouuuuuyycccnnsszzzAAAAAAAEEEEEEEIIIIIIOOOOOOOUUUUUYYCCCNNSSZZZ" -%}
    {{- "replace(replace(replace(replace(replace(translate(" ~ expression ~ ", '" ~ accented ~ "', '" ~ plain
        ~ "'), 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE'), 'ß', 'ss')" -}}
{% endmacro %}
