using System.Buffers;
using System.Text.Json;
using Infra.GitOps.Model;
using Infra.GitOps.Secrets;

namespace Infra.GitOps.State.Serialization;

/// <summary>
/// One journal entry per line (JSON lines), each self-contained so that appending costs O(size of the entry):
/// <c>{"kind":"begin","type":"creating","resource":{...}}</c>,
/// <c>{"kind":"succeed","type":...,"urn":...,"delete":true?,"newState":{...}|null}</c>, or, for a new state that is its
/// begin's resource with a new id and outputs (a create, mostly), only those:
/// <c>{"kind":"succeed","type":...,"urn":...,"delete":true?,"begun":true,"id":"...","outputs":{...}}</c>;
/// <c>{"kind":"fail","type":...,"urn":...,"delete":true?}</c>. Secrets are encrypted as in the checkpoint.
/// </summary>
internal static class JournalLineSerializer
{
    /// <summary>
    /// Writes the begin of <paramref name="operation"/> through <paramref name="writer"/> (reset onto
    /// <paramref name="buffer"/> by the caller, so that one writer serves every line) and a trailing newline into
    /// <paramref name="buffer"/>. Returns, in the bytes this call wrote, the layout of the begun resource.
    /// </summary>
    public static (LineParts NewState, ResourceLayout Begun) WriteBegin(
        Utf8JsonWriter writer, IBufferWriter<byte> buffer, PendingOperation operation, SecretsCrypter crypter)
    {
        writer.WriteStartObject();
        writer.WriteString(StateJson.Names.Kind, "begin");
        writer.WriteString(StateJson.Names.Type, StateJson.OperationName(operation.Type));
        writer.WritePropertyName(StateJson.Names.Resource);
        StateJson.WriteResource(writer, operation.Resource, crypter, ReadOnlySpan<byte>.Empty, out var begunResource);
        End(writer, buffer);
        return (default, begunResource);
    }

    /// <summary>
    /// Writes what <see cref="WriteBegin"/> writes, byte for byte, through <see cref="CompactLineWriter"/> into
    /// <paramref name="scratch"/> (replaced by a larger array when too small, up to <see cref="MaxCompactLine"/>): the
    /// line's length and the begun resource's layout. False when the resource holds what only the full writer writes.
    /// </summary>
    public static bool TryWriteBeginCompact(PendingOperation operation, ref byte[] scratch, out int length, out ResourceLayout begun)
    {
        while (true)
        {
            var writer = new CompactLineWriter(scratch);
            if (writer.TryWriteBegin(operation, out begun))
            {
                length = writer.Position;
                return true;
            }

            if (!writer.Overflowed || scratch.Length >= MaxCompactLine)
            {
                length = 0;
                return false;
            }

            scratch = new byte[scratch.Length * 2];
        }
    }

    /// <summary>The longest line <see cref="TryWriteBeginCompact"/> writes.</summary>
    public const int MaxCompactLine = 1024 * 1024;

    /// <summary>Writes a step's failure, as <see cref="WriteBegin"/> writes a begin.</summary>
    public static (LineParts NewState, ResourceLayout Begun) WriteFail(Utf8JsonWriter writer, IBufferWriter<byte> buffer, StepKey step)
    {
        writer.WriteStartObject();
        WriteKey(writer, "fail", step);
        End(writer, buffer);
        return default;
    }

    /// <summary>
    /// Writes a step's success, as <see cref="WriteBegin"/> writes a begin; returns where, in the bytes it wrote, the new
    /// state is (<see cref="LineParts"/>). The state copies from <paramref name="begun"/>, the JSON of its begin's
    /// resource laid out as <paramref name="begunLayout"/> says, what <paramref name="reuse"/> allows; one that differs
    /// from it only in id and outputs records just those.
    /// </summary>
    public static (LineParts NewState, ResourceLayout Begun) WriteSucceed(
        Utf8JsonWriter writer,
        IBufferWriter<byte> buffer,
        StepKey step,
        ResourceState? state,
        SecretsCrypter crypter,
        ReadOnlySpan<byte> begun,
        ResourceLayout begunLayout,
        BegunReuse reuse)
    {
        LineParts newState = default;
        writer.WriteStartObject();
        switch (state)
        {
            case not null when reuse == BegunReuse.AllButIdAndOutputs && !begun.IsEmpty:
                WriteKey(writer, "succeed", step);
                writer.WriteBoolean(StateJson.Names.Begun, true);
                newState = new LineParts(default, default, default, FromBegun: true);
                if (state.Id is not null)
                {
                    writer.WritePropertyName(StateJson.Names.Id);
                    var idStart = Position(writer);
                    writer.WriteStringValue(state.Id);
                    newState = newState with { Id = idStart..Position(writer) };
                }

                if (state.Outputs.Properties.Count > 0)
                {
                    writer.WritePropertyName(StateJson.Names.Outputs);
                    var outputsStart = Position(writer);
                    StateJson.WriteOutputs(writer, state.Outputs, state.Inputs, begun[begunLayout.Inputs], begunLayout.InputMembers, crypter, state.Urn);
                    newState = newState with { Outputs = outputsStart..Position(writer) };
                }

                break;
            default:
                WriteKey(writer, "succeed", step);
                writer.WritePropertyName(StateJson.Names.NewState);
                if (state is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    var start = Position(writer);
                    var inputs = reuse == BegunReuse.Inputs && !begun.IsEmpty ? begun[begunLayout.Inputs] : ReadOnlySpan<byte>.Empty;
                    StateJson.WriteResource(writer, state, crypter, inputs, out _);
                    newState = new LineParts(start..Position(writer), default, default, FromBegun: false);
                }

                break;
        }

        End(writer, buffer);
        return (newState, default);
    }

    /// <summary>Closes the line's object and adds its newline.</summary>
    private static void End(Utf8JsonWriter writer, IBufferWriter<byte> buffer)
    {
        writer.WriteEndObject();
        writer.Flush();
        buffer.Write("\n"u8);
    }

    /// <summary>Reads one line (without its newline).</summary>
    /// <exception cref="JsonException">Malformed JSON.</exception>
    /// <exception cref="CheckpointFormatException">Well-formed JSON of the wrong shape.</exception>
    public static JournalEntry Read(ReadOnlySpan<byte> line, StateReadContext context)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 256 });
        StateJson.Next(ref reader);
        StateJson.ExpectToken(ref reader, JsonTokenType.StartObject, "a journal entry object");
        string? kind = null;
        PendingOperationType? type = null;
        ResourceState? resource = null;
        ResourceState? newState = null;
        string? urn = null;
        string? id = null;
        var outputs = ObjectValue.Empty;
        var delete = false;
        var fromBegun = false;
        while (StateJson.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("kind"u8))
            {
                StateJson.Next(ref reader);
                kind = StateJson.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                StateJson.Next(ref reader);
                type = StateJson.ReadOperationType(ref reader);
            }
            else if (reader.ValueTextEquals("resource"u8))
            {
                StateJson.Next(ref reader);
                resource = StateJson.ReadResource(ref reader, context);
            }
            else if (reader.ValueTextEquals("newState"u8))
            {
                StateJson.Next(ref reader);
                newState = reader.TokenType == JsonTokenType.Null ? null : StateJson.ReadResource(ref reader, context);
            }
            else if (reader.ValueTextEquals("urn"u8))
            {
                StateJson.Next(ref reader);
                urn = StateJson.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("delete"u8))
            {
                StateJson.Next(ref reader);
                delete = StateJson.ReadBool(ref reader);
            }
            else if (reader.ValueTextEquals("begun"u8))
            {
                StateJson.Next(ref reader);
                fromBegun = StateJson.ReadBool(ref reader);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                StateJson.Next(ref reader);
                id = StateJson.ReadStringOrNull(ref reader) is { Length: > 0 } value ? value : null;
            }
            else if (reader.ValueTextEquals("outputs"u8))
            {
                StateJson.Next(ref reader);
                outputs = StateJson.ReadObjectOrNull(ref reader, context);
            }
            else
            {
                StateJson.SkipValue(ref reader);
            }
        }

        if (type is not { } operationType)
        {
            throw new CheckpointFormatException("a journal entry has no 'type'", 0);
        }

        return kind switch
        {
            "begin" when resource is not null => new StepBegun(new PendingOperation(resource, operationType)),
            "succeed" when urn is not null && fromBegun => new StepSucceededAsBegun(new StepKey(new Urn(urn), delete, operationType), id, outputs),
            "succeed" when urn is not null => new StepSucceeded(new StepKey(new Urn(urn), delete, operationType), newState),
            "fail" when urn is not null => new StepFailed(new StepKey(new Urn(urn), delete, operationType)),
            _ => throw new CheckpointFormatException($"a journal entry of kind '{kind}' lacks its fields", 0),
        };
    }

    private static int Position(Utf8JsonWriter writer) => (int)(writer.BytesCommitted + writer.BytesPending);

    private static void WriteKey(Utf8JsonWriter writer, string kind, StepKey step)
    {
        writer.WriteString(StateJson.Names.Kind, kind);
        writer.WriteString(StateJson.Names.Type, StateJson.OperationName(step.Type));
        writer.WriteString(StateJson.Names.Urn, step.Urn.Value);
        if (step.Delete)
        {
            writer.WriteBoolean(StateJson.Names.Delete, true);
        }
    }
}

/// <summary>
/// Where, in the bytes of a succeed line, its new state is: <see cref="Whole"/> (a <c>newState</c> object), or, when
/// <see cref="FromBegun"/>, the id's JSON string and the outputs' JSON object that complete the begin's resource.
/// </summary>
internal readonly record struct LineParts(Range Whole, Range Id, Range Outputs, bool FromBegun);

/// <summary>
/// A succeed line as read, before its begin is known: the begin's resource with <see cref="Id"/> and
/// <see cref="Outputs"/> is the new state. Reading a journal resolves it into a <see cref="StepSucceeded"/>.
/// </summary>
internal sealed record StepSucceededAsBegun(StepKey Key, string? Id, ObjectValue Outputs) : JournalEntry
{
    /// <inheritdoc />
    public override StepKey Step => Key;
}
