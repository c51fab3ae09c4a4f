using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Infra.GitOps.Model;
using Infra.GitOps.PullRequests.Preview;

namespace Infra.GitOps.PullRequests.Json;

/// <summary>
/// The <c>--json</c> form of a <see cref="PullRequestPreview"/>: a stable, documented shape for CI systems
/// (<c>schemaVersion</c> 1). Values are the masked display values of the preview, so no secret can appear;
/// secret and unknown values carry <c>"secret": true</c> / <c>"unknown": true</c>. Deterministic output.
/// </summary>
public static class PreviewJson
{
    /// <summary>The version of the shape written.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Writes the preview as indented UTF-8 JSON.</summary>
    public static string Serialize(PullRequestPreview preview)
    {
        using var stream = Encode(preview);
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>
    /// Writes the same UTF-8 JSON as <see cref="Serialize"/> to <paramref name="destination"/> (a file, for
    /// <c>--json</c>), without making a string of it: a large preview's JSON is megabytes.
    /// </summary>
    public static async Task WriteAsync(Stream destination, PullRequestPreview preview, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var stream = Encode(preview);
        stream.Position = 0;
        await stream.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    private static MemoryStream Encode(PullRequestPreview preview)
    {
        ArgumentNullException.ThrowIfNull(preview);
        var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, preview);
        }

        return stream;
    }

    private static void Write(Utf8JsonWriter writer, PullRequestPreview preview)
    {
        writer.WriteStartObject();
        writer.WriteNumber("schemaVersion", SchemaVersion);
        writer.WriteString("base", preview.BaseCommit);
        writer.WriteString("head", preview.HeadCommit);
        if (preview.StackFilter is { } filter)
        {
            writer.WriteString("stackFilter", filter);
        }
        else
        {
            writer.WriteNull("stackFilter");
        }

        writer.WriteString("time", preview.Time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        writer.WriteBoolean("hasErrors", preview.HasErrors);
        writer.WritePropertyName("totals");
        WriteCounts(writer, preview.Totals);
        writer.WriteStartArray("changedPaths");
        foreach (var path in preview.ChangedPaths)
        {
            writer.WriteStringValue(path);
        }

        writer.WriteEndArray();
        writer.WritePropertyName("diagnostics");
        WriteDiagnostics(writer, preview.Diagnostics);
        writer.WriteStartArray("stacks");
        foreach (var stack in preview.Stacks)
        {
            WriteStack(writer, stack);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteStack(Utf8JsonWriter writer, StackPreview stack)
    {
        writer.WriteStartObject();
        writer.WriteString("name", stack.Name);
        writer.WriteString("status", stack switch
        {
            PlannedStackPreview => "planned",
            InvalidStackPreview => "invalid",
            _ => "failed",
        });
        if (stack is FailedStackPreview failed)
        {
            writer.WriteString("reason", failed.Reason);
        }

        writer.WritePropertyName("counts");
        WriteCounts(writer, stack.Counts);
        writer.WritePropertyName("diagnostics");
        WriteDiagnostics(writer, stack.Diagnostics);
        writer.WriteStartArray("steps");
        if (stack is PlannedStackPreview planned)
        {
            foreach (var step in planned.Steps.Where(s => s.IsChange))
            {
                WriteStep(writer, step);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteStep(Utf8JsonWriter writer, PreviewStep step)
    {
        writer.WriteStartObject();
        writer.WriteString("op", step.Operation.ToString().ToLowerInvariant());
        writer.WriteString("urn", step.Urn.Value);
        writer.WriteString("type", step.Type.Token);
        writer.WriteString("name", step.Name);
        writer.WriteBoolean("protected", step.Protected);
        writer.WriteBoolean("stateful", step.IsStateful);
        writer.WriteStartArray("changes");
        foreach (var change in step.Changes)
        {
            writer.WriteStartObject();
            writer.WriteString("path", change.Path);
            writer.WriteString("kind", change.Kind.ToString().ToLowerInvariant());
            WriteValue(writer, "old", change.Old);
            WriteValue(writer, "new", change.New);
            writer.WriteBoolean("forcesReplacement", change.ForcesReplacement);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, string name, PreviewValue? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartObject(name);
        writer.WriteString("display", value.Text);
        writer.WriteBoolean("secret", value.IsSecret);
        writer.WriteBoolean("unknown", value.IsUnknown);
        writer.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter writer, ChangeCounts counts)
    {
        writer.WriteStartObject();
        writer.WriteNumber("create", counts.Create);
        writer.WriteNumber("update", counts.Update);
        writer.WriteNumber("delete", counts.Delete);
        writer.WriteNumber("replace", counts.Replace);
        writer.WriteNumber("same", counts.Same);
        writer.WriteEndObject();
    }

    private static void WriteDiagnostics(Utf8JsonWriter writer, IEnumerable<Diagnostic> diagnostics)
    {
        writer.WriteStartArray();
        foreach (var diagnostic in diagnostics)
        {
            writer.WriteStartObject();
            writer.WriteString("severity", diagnostic.Severity.ToString().ToLowerInvariant());
            writer.WriteString("code", diagnostic.Code);
            writer.WriteString("message", diagnostic.Message);
            writer.WriteString("path", diagnostic.Location.Path);
            writer.WriteNumber("line", Math.Max(diagnostic.Location.Line, 1));
            writer.WriteNumber("column", Math.Max(diagnostic.Location.Column, 1));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
