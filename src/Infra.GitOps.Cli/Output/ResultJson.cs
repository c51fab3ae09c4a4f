using System.Text;
using System.Text.Json;
using Infra.GitOps.Engine;
using Infra.GitOps.Engine.Execution;
using Infra.GitOps.Engine.Planning;

namespace Infra.GitOps.Cli;

/// <summary>
/// The <c>--json</c> result of up, refresh and destroy: the plan (Pulumi's PreviewDigest shape, from
/// <see cref="PlanJson"/>), each step's outcome, whether it succeeded, and the duration. Never holds a secret:
/// error messages come from providers, which never put secret values in them.
/// </summary>
public static class ResultJson
{
    /// <summary>Serializes <paramref name="result"/>.</summary>
    public static string Serialize(UpResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("plan");
            using (var plan = JsonDocument.Parse(PlanJson.Serialize(result.Plan)))
            {
                plan.RootElement.WriteTo(writer);
            }

            writer.WriteBoolean("succeeded", result.Succeeded);
            if (result.Apply is { } apply)
            {
                writer.WriteBoolean("cancelled", apply.Cancelled);
                writer.WriteNumber("durationMs", (long)apply.Duration.TotalMilliseconds);
                writer.WriteStartArray("results");
                foreach (var step in apply.Results)
                {
                    writer.WriteStartObject();
                    writer.WriteString("urn", step.Step.Urn.Value);
                    writer.WriteString("op", step.Step.Operation.ToPulumiName());
                    switch (step)
                    {
                        case StepSucceeded succeeded:
                            writer.WriteString("outcome", "succeeded");
                            writer.WriteNumber("attempts", succeeded.Attempts);
                            break;
                        case StepFailed failed:
                            writer.WriteString("outcome", "failed");
                            writer.WriteString("error", failed.Error.Message);
                            writer.WriteNumber("attempts", failed.Attempts);
                            break;
                        case StepSkipped skipped:
                            writer.WriteString("outcome", "skipped");
                            writer.WriteString("reason", skipped.Reason);
                            break;
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
