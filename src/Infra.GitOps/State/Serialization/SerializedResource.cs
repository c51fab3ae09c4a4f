using System.Buffers;

namespace Infra.GitOps.State.Serialization;

/// <summary>
/// The compact JSON of a resource state that a journal line already holds, for the checkpoint to copy instead of
/// serializing the state again: either <see cref="Json"/> whole, or a state that is its begin's resource with a new id and
/// outputs, in parts: <see cref="Begun"/> (the begin's resource JSON, laid out as its <see cref="ResourceLayout"/> said, counted from
/// its first byte), <see cref="Id"/> (the id's JSON string, empty when none) and <see cref="Outputs"/> (the outputs' JSON
/// object, empty when none). Both forms give the bytes <see cref="StateJson.WriteResource(System.Text.Json.Utf8JsonWriter, ResourceState, Secrets.SecretsCrypter)"/>
/// writes for the state (secrets aside: copied ones keep their ciphertext).
/// </summary>
internal readonly struct SerializedResource
{
    // Where the begin's parts end (see ResourceLayout): only these five, as a journal keeps one of these per line queued.
    private readonly int afterFlags;
    private readonly int afterId;
    private readonly int afterInputs;
    private readonly int afterOutputs;
    private readonly int end;

    /// <summary>A state's JSON: <paramref name="json"/> whole, or <paramref name="begun"/> (laid out as <paramref name="layout"/> says) around <paramref name="id"/> and <paramref name="outputs"/>.</summary>
    public SerializedResource(
        ReadOnlyMemory<byte> json, ReadOnlyMemory<byte> begun, ResourceLayout layout, ReadOnlyMemory<byte> id, ReadOnlyMemory<byte> outputs)
    {
        Json = json;
        Begun = begun;
        Id = id;
        Outputs = outputs;
        afterFlags = layout.AfterFlags;
        afterId = layout.AfterId;
        afterInputs = layout.AfterInputs;
        afterOutputs = layout.AfterOutputs;
        end = layout.End;
    }

    /// <summary>The whole JSON (empty when held in parts).</summary>
    public ReadOnlyMemory<byte> Json { get; }

    /// <summary>The begin's resource JSON (empty when held whole).</summary>
    public ReadOnlyMemory<byte> Begun { get; }

    /// <summary>The id's JSON string (empty when none).</summary>
    public ReadOnlyMemory<byte> Id { get; }

    /// <summary>The outputs' JSON object (empty when none).</summary>
    public ReadOnlyMemory<byte> Outputs { get; }

    /// <summary>True when nothing is held (the state is to be serialized).</summary>
    public bool IsEmpty => Json.IsEmpty && Begun.IsEmpty;

    /// <summary>The JSON of a state held whole.</summary>
    public static SerializedResource Whole(ReadOnlyMemory<byte> json) => new(json, default, default, default, default);

    /// <summary>Writes the state's JSON into <paramref name="output"/>: the whole, or the begin's resource around the id and outputs.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        if (!Json.IsEmpty)
        {
            output.Write(Json.Span);
            return;
        }

        var begun = Begun.Span;
        output.Write(begun[..afterFlags]);
        if (!Id.IsEmpty)
        {
            output.Write(",\"id\":"u8);
            output.Write(Id.Span);
        }

        output.Write(begun[afterId..afterInputs]);
        if (!Outputs.IsEmpty)
        {
            output.Write(",\"outputs\":"u8);
            output.Write(Outputs.Span);
        }

        output.Write(begun[afterOutputs..end]);
    }
}
