namespace Infra.GitOps.Loading.Yaml;

/// <summary>One document of a YAML file: its root (a mapping, checked by the parser) and where it starts.</summary>
internal sealed record YamlDocumentNode(YamlMapping Root, int Index);
