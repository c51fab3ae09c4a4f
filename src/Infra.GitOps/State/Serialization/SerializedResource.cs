using System.Buffers;

namespace Infra.GitOps.State.Serialization;

/// <summary>
/// The compact JSON of a resource state that a journal line already holds, for the checkpoint to copy instead of
/// serializing the state again: either <see cref="Json"/> whole, or a state that is its begin's resource with a new id and
/// outputs, in parts: <see cref="Begun"/> (the begin's resource JSON, laid out as <see cref="Layout"/> says, counted from
/// its first byte), <see cref="Id"/> (the id's JSON string, empty when none) and <see cref="Outputs"/> (the outputs' JSON
/// object, empty when none). Both forms give the bytes <see cref="StateJson.WriteResource(System.Text.Json.Utf8JsonWriter, ResourceState, Secrets.SecretsCrypter)"/>
/// writes for the state (secrets aside: copied ones keep their ciphertext).
/// </summary>
internal readonly record struct SerializedResource(
    ReadOnlyMemory<byte> Json, ReadOnlyMemory<byte> Begun, ResourceLayout Layout, ReadOnlyMemory<byte> Id, ReadOnlyMemory<byte> Outputs)
{
    /// <summary>The JSON of a state held whole.</summary>
    public static SerializedResource Whole(ReadOnlyMemory<byte> json) => new(json, default, default, default, default);

    /// <summary>True when nothing is held (the state is to be serialized).</summary>
    public bool IsEmpty => Json.IsEmpty && Begun.IsEmpty;

    /// <summary>Writes the state's JSON into <paramref name="output"/>: the whole, or the begin's resource around the id and outputs.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        if (!Json.IsEmpty)
        {
            output.Write(Json.Span);
            return;
        }

        var begun = Begun.Span;
        output.Write(begun[..Layout.AfterFlags]);
        if (!Id.IsEmpty)
        {
            output.Write(",\"id\":"u8);
            output.Write(Id.Span);
        }

        output.Write(begun[Layout.AfterId..Layout.AfterInputs]);
        if (!Outputs.IsEmpty)
        {
            output.Write(",\"outputs\":"u8);
            output.Write(Outputs.Span);
        }

        output.Write(begun[Layout.AfterOutputs..Layout.End]);
    }
}
