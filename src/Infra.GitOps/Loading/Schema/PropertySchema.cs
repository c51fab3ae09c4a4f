namespace Infra.GitOps.Loading.Schema;

/// <summary>A named property of an <see cref="ObjectSchema"/>.</summary>
internal sealed record PropertySchema(string Name, SchemaNode Type, bool Required = false);
