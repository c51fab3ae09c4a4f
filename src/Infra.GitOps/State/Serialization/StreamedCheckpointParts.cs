namespace Infra.GitOps.State.Serialization;

/// <summary>
/// A file-form checkpoint around its resource lines: <see cref="Header"/> ends with the resources array's opening
/// bracket, <see cref="Tail"/> starts with the line that closes it (or right after the bracket when there are no
/// resources). Resource line i is a newline (preceded by a comma when i &gt; 0), <see cref="Indent"/> spaces and the
/// resource's compact JSON.
/// </summary>
internal readonly record struct StreamedCheckpointParts(ReadOnlyMemory<byte> Header, ReadOnlyMemory<byte> Tail, int Indent);
