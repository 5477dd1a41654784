{#
    ref() and source() as dbt's, except that on DuckDB a relation in the target database
    is rendered without it: "marts"."customer_pmg", not "attrition"."marts"."customer_pmg".
    DuckDB stores a view's SQL as written and binds its names when the view is read,
    a schema-qualified name in the view's own database. With the database name in it, a
    view (customer_contactability, customer_identity_map, the staging views) fails in a
    copy of the file under another name, or in a file attached under another alias
    ("Catalog attrition does not exist"), which is how BI tools and deployments often
    open it. Relations in another database (an attached one) keep their database.
    In unit tests dbt's ref() returns the fixture's CTE name, which is kept as it is.
#}
{% macro ref() %}
    {%- set version = kwargs.get('version') or kwargs.get('v') -%}
    {%- if varargs | length == 1 -%}
        {%- set relation = builtins.ref(varargs[0], version=version) -%}
    {%- else -%}
        {%- set relation = builtins.ref(varargs[0], varargs[1], version=version) -%}
    {%- endif -%}
    {{- return(relation_in_target_database(relation)) -}}
{% endmacro %}

{% macro source(source_name, table_name) %}
    {{- return(relation_in_target_database(builtins.source(source_name, table_name))) -}}
{% endmacro %}

{% macro relation_in_target_database(relation) %}
    {%- if target.type == 'duckdb' and relation is not string and relation.database is defined
        and relation.database == target.database -%}
        {{- return(relation.include(database=false)) -}}
    {%- endif -%}
    {{- return(relation) -}}
{% endmacro %}
