namespace Infra.GitOps.State.Serialization;

/// <summary>
/// Where the parts of a resource's JSON are (byte offsets; see <see cref="StateJson.WriteResource(System.Text.Json.Utf8JsonWriter, ResourceState, Secrets.SecretsCrypter, ReadOnlySpan{byte}, out ResourceLayout)"/>):
/// the object runs from <see cref="Start"/> to <see cref="End"/>; the id field, when there is one, from
/// <see cref="AfterFlags"/> to <see cref="AfterId"/>; the outputs field from <see cref="AfterInputs"/> to
/// <see cref="AfterOutputs"/>; <see cref="Inputs"/> is the inputs' value (empty when the resource has none).
/// Each boundary is just before the comma of the next field.
/// </summary>
internal readonly record struct ResourceLayout(int Start, int AfterFlags, int AfterId, int AfterInputs, int AfterOutputs, int End, Range Inputs)
{
    /// <summary>The same layout counted from <paramref name="origin"/> (the start of a copy of the bytes from there).</summary>
    public ResourceLayout From(int origin) => new(
        Start - origin,
        AfterFlags - origin,
        AfterId - origin,
        AfterInputs - origin,
        AfterOutputs - origin,
        End - origin,
        Inputs.Equals(default) ? default : (Inputs.Start.Value - origin)..(Inputs.End.Value - origin));
}
