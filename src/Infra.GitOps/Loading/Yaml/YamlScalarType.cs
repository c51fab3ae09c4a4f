namespace Infra.GitOps.Loading.Yaml;

/// <summary>The type of a scalar after YAML 1.2 core-schema resolution (quoted scalars are strings).</summary>
internal enum YamlScalarType
{
    Null,
    Boolean,
    Integer,
    Float,
    String,
}
