{#- Stops an incremental run whose existing table lacks columns this version of the model
    needs (a table built by an older version): a full refresh rebuilds it. -#}
{% macro require_existing_columns(relation, column_names) %}
    {%- if execute and is_incremental() -%}
        {%- set existing = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
        {%- for column_name in column_names -%}
            {%- if column_name | lower not in existing -%}
                {{ exceptions.raise_compiler_error(
                    relation ~ " has no column " ~ column_name ~ " (built by an older version of model '" ~ model.name
                    ~ "'): run it once with --full-refresh") }}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}
