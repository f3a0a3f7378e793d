"""The API's views: thin, like the pages' — reach the data through the access functions, change
it through the services, answer with the serializers."""
