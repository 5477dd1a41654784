{#
    ref() and source() as dbt's, except in a view on DuckDB: there a relation in the
    target database is rendered without it, "marts"."customer_pmg" rather than
    "attrition"."marts"."customer_pmg". DuckDB stores a view's SQL as written and binds
    it when the view is read, a schema-qualified name in the view's own database; with
    the database name in it, a view (customer_contactability, the staging views) fails
    in a copy of the file under another name, or in the file attached under another
    alias ("Catalog attrition does not exist"), which is how BI tools and deployments
    often open it. Tables and tests keep the full name: a two-part name is ambiguous
    when a database attached next to the file is named like one of the schemas (DuckDB:
    "Ambiguous reference to catalog or schema"). Relations in another database, and
    the CTEs that stand for refs in unit tests (no database), are left as they are.
#}
{% macro ref() %}
    {{- return(relation_for_views(builtins.ref(*varargs, **kwargs))) -}}
{% endmacro %}

{% macro source() %}
    {{- return(relation_for_views(builtins.source(*varargs, **kwargs))) -}}
{% endmacro %}

{% macro relation_for_views(relation) %}
    {%- if target.type == 'duckdb' and config.get('materialized') == 'view'
        and relation.database == target.database -%}
        {{- return(relation.include(database=false)) -}}
    {%- endif -%}
    {{- return(relation) -}}
{% endmacro %}
