namespace Infra.GitOps.Model;

/// <summary>
/// A reference to an output of another resource, <c>${name.output}</c> in YAML. In the graph,
/// <see cref="Resource"/> is the URN of the resource whose output is meant and <see cref="Output"/> the output's
/// path (<c>ipAddresses[0]</c>, <c>tags.env</c>). A reference is a dependency edge; the engine resolves it from
/// the outputs of the finished step, keeping the value's type.
/// </summary>
public sealed record ReferenceValue(Urn Resource, string Output) : PropertyValue
{
    /// <inheritdoc />
    public override bool IsKnown => false;

    /// <inheritdoc />
    public override bool ContainsSecret => false;

    /// <inheritdoc />
    public override string ToString() => $"${{{Resource.Name}.{Output}}}";
}
