using System.Buffers;
using System.Text.Json;
using Infra.GitOps.Model;
using Infra.GitOps.Secrets;

namespace Infra.GitOps.State.Serialization;

/// <summary>
/// One journal entry per line (JSON lines), each self-contained so that appending costs O(size of the entry):
/// <c>{"kind":"begin","type":"creating","resource":{...}}</c>,
/// <c>{"kind":"succeed","type":...,"urn":...,"delete":true?,"newState":{...}|null}</c>,
/// <c>{"kind":"fail","type":...,"urn":...,"delete":true?}</c>. Secrets are encrypted as in the checkpoint.
/// </summary>
internal static class JournalLineSerializer
{
    /// <summary>
    /// Writes the entry through <paramref name="writer"/> (reset onto <paramref name="buffer"/> by the caller, so that
    /// one writer serves every line) and a trailing newline into <paramref name="buffer"/>. Returns where, in the bytes
    /// this call wrote, the new state of a <see cref="StepSucceeded"/> is (its compact JSON, as the checkpoint holds it)
    /// and the layout of a <see cref="StepBegun"/>'s resource (default when the entry has none).
    /// A succeeded state copies from <paramref name="begun"/>, the JSON of its begin's resource laid out as
    /// <paramref name="begunLayout"/> says, what <paramref name="reuse"/> allows.
    /// </summary>
    public static (Range NewState, ResourceLayout Begun) Write(
        Utf8JsonWriter writer,
        IBufferWriter<byte> buffer,
        JournalEntry entry,
        SecretsCrypter crypter,
        ReadOnlySpan<byte> begun = default,
        ResourceLayout begunLayout = default,
        BegunReuse reuse = BegunReuse.None)
    {
        Range newState = default;
        ResourceLayout begunResource = default;
        writer.WriteStartObject();
        switch (entry)
        {
            case StepBegun step:
                writer.WriteString(StateJson.Names.Kind, "begin");
                writer.WriteString(StateJson.Names.Type, StateJson.OperationName(step.Operation.Type));
                writer.WritePropertyName(StateJson.Names.Resource);
                StateJson.WriteResource(writer, step.Operation.Resource, crypter, ReadOnlySpan<byte>.Empty, out begunResource);
                break;
            case StepSucceeded succeeded:
                WriteKey(writer, "succeed", succeeded.Step);
                writer.WritePropertyName(StateJson.Names.NewState);
                if (succeeded.NewState is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    var start = (int)(writer.BytesCommitted + writer.BytesPending);
                    switch (reuse)
                    {
                        case BegunReuse.AllButIdAndOutputs when !begun.IsEmpty:
                            StateJson.WriteResourceSplicing(writer, succeeded.NewState, crypter, begun, begunLayout);
                            break;
                        case BegunReuse.Inputs when !begun.IsEmpty:
                            StateJson.WriteResource(writer, succeeded.NewState, crypter, begun[begunLayout.Inputs], out _);
                            break;
                        default:
                            StateJson.WriteResource(writer, succeeded.NewState, crypter, ReadOnlySpan<byte>.Empty, out _);
                            break;
                    }

                    newState = start..(int)(writer.BytesCommitted + writer.BytesPending);
                }

                break;
            case StepFailed failed:
                WriteKey(writer, "fail", failed.Step);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(entry), entry.GetType().Name, "unknown journal entry");
        }

        writer.WriteEndObject();
        writer.Flush();
        buffer.Write("\n"u8);
        return (newState, begunResource);
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
        var delete = false;
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
            "succeed" when urn is not null => new StepSucceeded(new StepKey(new Urn(urn), delete, operationType), newState),
            "fail" when urn is not null => new StepFailed(new StepKey(new Urn(urn), delete, operationType)),
            _ => throw new CheckpointFormatException($"a journal entry of kind '{kind}' lacks its fields", 0),
        };
    }

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
