{# The six lifecycle statuses, in the order the rules are evaluated (first match wins). #}
{% macro lifecycle_statuses() %}
    {{ return(['prospect', 'new', 'reactivated', 'active', 'dormant', 'lost']) }}
{% endmacro %}
