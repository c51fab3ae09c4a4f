using System.Buffers;
using System.Text.Json;

namespace Infra.GitOps.State.Serialization;

/// <summary>The lock file's content: the <see cref="LockOwner"/> plus a nonce telling this acquisition apart.</summary>
internal static class LockRecordJson
{
    public static byte[] Write(LockOwner owner, string nonce)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, StateJson.WriterOptions(indented: true)))
        {
            writer.WriteStartObject();
            writer.WriteString("owner", owner.Owner);
            writer.WriteNumber("pid", owner.ProcessId);
            writer.WriteString("host", owner.Host);
            writer.WriteString("operation", owner.Operation);
            writer.WriteString("acquired", owner.Acquired.UtcDateTime);
            writer.WriteString("nonce", nonce);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The record, or null when the bytes are not a lock record (torn or foreign).</summary>
    public static (LockOwner Owner, string Nonce)? TryRead(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            StateJson.Next(ref reader);
            StateJson.ExpectToken(ref reader, JsonTokenType.StartObject, "an object");
            string? owner = null, host = null, operation = null, nonce = null;
            int? pid = null;
            DateTimeOffset? acquired = null;
            while (StateJson.NextProperty(ref reader))
            {
                var name = reader.GetString();
                StateJson.Next(ref reader);
                switch (name)
                {
                    case "owner":
                        owner = StateJson.ReadString(ref reader);
                        break;
                    case "pid" when reader.TokenType == JsonTokenType.Number:
                        pid = reader.GetInt32();
                        break;
                    case "host":
                        host = StateJson.ReadString(ref reader);
                        break;
                    case "operation":
                        operation = StateJson.ReadString(ref reader);
                        break;
                    case "acquired":
                        acquired = StateJson.ReadTime(ref reader);
                        break;
                    case "nonce":
                        nonce = StateJson.ReadString(ref reader);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (owner is null || pid is null || host is null || operation is null || acquired is null || nonce is null)
            {
                return null;
            }

            return (new LockOwner(owner, pid.Value, host, operation, acquired.Value), nonce);
        }
        catch (Exception exception) when (exception is JsonException or CheckpointFormatException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
