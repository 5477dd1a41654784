{#
    The email event types of the raw contract. opened and clicked are engagement
    (a click implies an open); bounced, unsubscribed and complained end reachability.
#}
{% macro email_event_types() %}
    {{ return(['sent', 'delivered', 'opened', 'clicked', 'bounced', 'unsubscribed', 'complained']) }}
{% endmacro %}
