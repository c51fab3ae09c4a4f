using Infra.GitOps.Loading.Yaml;

namespace Infra.GitOps.Loading.Schema;

/// <summary>A check across an object's properties (subnets inside the network, ports only for tcp/udp), run after
/// the properties themselves validated. <paramref name="path"/> is the object's property path.</summary>
internal delegate void ObjectCheck(SchemaValidator validator, YamlMapping node, string path);
