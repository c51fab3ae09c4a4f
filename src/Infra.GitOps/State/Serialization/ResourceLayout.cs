namespace Infra.GitOps.State.Serialization;

/// <summary>
/// Where the parts of a resource's JSON are (byte offsets; see <see cref="StateJson.WriteResource(System.Text.Json.Utf8JsonWriter, ResourceState, Secrets.SecretsCrypter, ReadOnlySpan{byte}, out ResourceLayout)"/>):
/// the object runs from <see cref="Start"/> to <see cref="End"/>; the id field, when there is one, from
/// <see cref="AfterFlags"/> to <see cref="AfterId"/>; the outputs field from <see cref="AfterInputs"/> to
/// <see cref="AfterOutputs"/>; <see cref="Inputs"/> is the inputs' value (empty when the resource has none).
/// Each boundary is just before the comma of the next field. <see cref="InputMembers"/> marks where each top-level
/// member of the inputs object starts (see <see cref="InputMembers"/>).
/// </summary>
internal readonly record struct ResourceLayout(int Start, int AfterFlags, int AfterId, int AfterInputs, int AfterOutputs, int End, Range Inputs)
{
    /// <summary>
    /// Where, counted from the start of <see cref="Inputs"/>, member i of the inputs object starts: the comma before it,
    /// or for the first member the byte after the brace. Empty when not recorded (more than
    /// <see cref="MemberOffsets.Capacity"/> members, or inputs copied rather than written).
    /// </summary>
    public MemberOffsets InputMembers { get; init; }

    /// <summary>The same layout counted from <paramref name="origin"/> (the start of a copy of the bytes from there).</summary>
    public ResourceLayout From(int origin) => new(
        Start - origin,
        AfterFlags - origin,
        AfterId - origin,
        AfterInputs - origin,
        AfterOutputs - origin,
        End - origin,
        Inputs.Equals(default) ? default : (Inputs.Start.Value - origin)..(Inputs.End.Value - origin))
    {
        InputMembers = InputMembers,
    };
}

/// <summary>Up to <see cref="Capacity"/> byte offsets, held inline (a begun step's layout is kept for each step in flight).</summary>
internal struct MemberOffsets
{
    /// <summary>The most offsets held.</summary>
    public const int Capacity = 8;

    private Offsets offsets;

    /// <summary>The number of offsets held (0 when none were recorded).</summary>
    public int Count { get; private set; }

    /// <summary>Offset <paramref name="index"/> (below <see cref="Count"/>).</summary>
    public readonly int this[int index] => index < Count ? offsets[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Adds an offset; false (and nothing held any more) when there is no room.</summary>
    public bool TryAdd(int offset)
    {
        if (Count < 0 || Count == Capacity)
        {
            Count = -1;
            return false;
        }

        offsets[Count++] = offset;
        return true;
    }

    /// <summary>True when offsets were recorded for every member (none overflowed).</summary>
    public readonly bool IsComplete => Count > 0;

    [System.Runtime.CompilerServices.InlineArray(Capacity)]
    private struct Offsets
    {
        private int first;
    }
}
