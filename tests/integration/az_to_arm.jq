# Reshape an az CLI export (resources flattened, client_flatten) into the
# ARM resource shape the REST API, az rest, Resource Graph, the portal's
# JSON view and template exports write: name, id, type, etag, location,
# tags and sku at the top, everything else under "properties", in nested
# resources too (rules, peerings, routes, IP configurations).  References
# ({"id", "resourceGroup"}) and rows without an id (ARP, route tables,
# effective routes and NSGs) keep their shape.
#   jq --arg form arm|graph|template -f az_to_arm.jq FILE
# arm: the resource as REST returns it; lists {"value": [...]} gain the
# "nextLink": null REST writes.  graph: a resource as an az graph query
# result {"count", "data": [...], "skip_token", "total_records"}.
# template: a resource as "Export template" writes it, with its rule,
# peering or route children repeated as child resources.
def top: ["name", "id", "type", "etag", "location", "tags", "sku"];
def resource: type == "object" and has("id") and has("name") and
    ((keys - top - ["resourceGroup"]) | length > 0);
def arm:
  if type == "array" then map(arm)
  elif type == "object" then
    if resource then
      with_entries(select(.key | IN(top[])))
      + { properties: (with_entries(select(.key | IN(top[], "resourceGroup") | not))
          | map_values(arm)) }
    else map_values(arm) end
  else . end;
def children($r):
  [ ($r.properties | to_entries[] | select(.value | type == "array")
      | .key as $k | .value[] | select(type == "object" and has("properties"))
      | { type: ($r.type + "/" + $k),
          apiVersion: "2024-03-01",
          name: ("[concat(parameters('" + $r.name + "_name'), '/" + .name + "')]"),
          properties: .properties }) ];

if (type == "object" and has("value")) then
  if $form == "arm" then arm + { nextLink: null } else arm end
elif resource then
  (arm) as $r
  | if $form == "graph" then
      { count: 1, data: [ $r + { resourceGroup: .resourceGroup } ],
        skip_token: null, total_records: 1 }
    elif $form == "template" then
      { "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        contentVersion: "1.0.0.0",
        parameters: { ($r.name + "_name"): { defaultValue: $r.name, type: "String" } },
        resources: ([ $r | del(.id, .etag) | . + { apiVersion: "2024-03-01" } ]
          + children($r)) }
    else $r end
else arm end
