-- A post that mentions a role title ("@lead nurse") finds the network's members holding it through this index,
-- rather than reading every membership of the network, which in a network of thousands took milliseconds a post.
CREATE INDEX memberships_role_title_idx ON memberships (network_id, lower(role_title)) WHERE role_title IS NOT NULL;
