using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.GitOps.Model;
using Infra.GitOps.Providers;
using Infra.GitOps.State;

namespace Infra.GitOps.Engine.Planning;

/// <summary>
/// Plans as JSON in the shape of Pulumi's <c>preview --json</c> <c>PreviewDigest</c> (<c>pkg/display/json.go</c>):
/// <c>steps[]</c> (<c>op</c>, <c>urn</c>, <c>provider</c>, <c>oldState</c>, <c>newState</c>, <c>diffReasons</c>,
/// <c>replaceReasons</c>, <c>detailedDiff</c>), <c>diagnostics[]</c>, <c>duration</c> (nanoseconds),
/// <c>changeSummary</c>, <c>maybeCorrupt</c>. Secrets are always written as <c>"[secret]"</c>; values known only
/// after apply as Pulumi's unknown sentinel. Thread-safe.
/// </summary>
public static class PlanJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The plan as indented JSON.</summary>
    public static string Serialize(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var steps = new JsonArray();
        foreach (var step in plan.Steps)
        {
            var node = new JsonObject
            {
                ["op"] = step.Operation.ToPulumiName(),
                ["urn"] = step.Urn.Value,
            };
            if (step.Custom)
            {
                node["provider"] = step.Type.Package;
            }

            if (step.Old is { } old)
            {
                node["oldState"] = StateNode(old);
            }

            if (NewStateNode(step) is { } newState)
            {
                node["newState"] = newState;
            }

            if (!step.DiffReasons.IsEmpty)
            {
                node["diffReasons"] = new JsonArray(step.DiffReasons.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray());
            }

            if (!step.ReplaceReasons.IsEmpty)
            {
                node["replaceReasons"] = new JsonArray(step.ReplaceReasons.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray());
            }

            if (!step.Diff.IsEmpty && step.Operation != StepOperation.Create)
            {
                var detailed = new JsonObject();
                foreach (var change in step.Diff)
                {
                    detailed[change.Path] = new JsonObject { ["kind"] = KindName(change.Kind), ["inputDiff"] = true };
                }

                node["detailedDiff"] = detailed;
            }

            steps.Add(node);
        }

        var diagnostics = new JsonArray();
        foreach (var diagnostic in plan.Diagnostics)
        {
            var severity = diagnostic.Severity switch
            {
                Severity.Error => "error",
                Severity.Warning => "warning",
                _ => "info",
            };
            diagnostics.Add(new JsonObject
            {
                ["prefix"] = severity + ": ",
                ["message"] = diagnostic.ToString(),
                ["severity"] = severity,
                ["code"] = diagnostic.Code,
            });
        }

        var summary = new JsonObject();
        foreach (var (operation, count) in plan.ChangeSummary.Counts)
        {
            summary[operation.ToPulumiName()] = count;
        }

        var root = new JsonObject
        {
            ["steps"] = steps,
            ["diagnostics"] = diagnostics,
            ["duration"] = (long)(plan.Duration.Ticks * 100),
            ["changeSummary"] = summary,
            ["maybeCorrupt"] = false,
        };
        return root.ToJsonString(Indented);
    }

    /// <summary>Reads a saved plan back: its steps with their operations and shown new inputs.</summary>
    /// <exception cref="InvalidConfigurationException">Never; malformed JSON is a <see cref="PlanConflictException"/>.</exception>
    /// <exception cref="PlanConflictException">When <paramref name="json"/> is not a plan.</exception>
    public static SavedPlan Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new PlanConflictException($"the saved plan is not valid JSON: {ex.Message}");
        }

        if (root?["steps"] is not JsonArray steps)
        {
            throw new PlanConflictException("the saved plan has no 'steps' array");
        }

        var saved = ImmutableArray.CreateBuilder<SavedPlanStep>(steps.Count);
        foreach (var step in steps)
        {
            var op = step?["op"]?.GetValue<string>();
            var urn = step?["urn"]?.GetValue<string>();
            if (op is null || urn is null || StepOperations.FromPulumiName(op) is not { } operation)
            {
                throw new PlanConflictException($"the saved plan has a malformed step: {step?.ToJsonString()}");
            }

            var inputs = step?["newState"]?["inputs"] as JsonObject;
            saved.Add(new SavedPlanStep(operation, new Urn(urn), inputs?.DeepClone().AsObject()));
        }

        return new SavedPlan(saved.ToImmutable());
    }

    private static JsonObject StateNode(ResourceState state)
    {
        var node = new JsonObject
        {
            ["urn"] = state.Urn.Value,
            ["custom"] = state.Custom,
            ["type"] = state.Type.Token,
        };
        if (state.Id is not null)
        {
            node["id"] = state.Id;
        }

        node["inputs"] = PropertyValueJson.ToMaskedObject(state.Inputs);
        node["outputs"] = PropertyValueJson.ToMaskedObject(state.Outputs);
        if (state.Parent is { } parent)
        {
            node["parent"] = parent.Value;
        }

        if (!state.Dependencies.IsEmpty)
        {
            node["dependencies"] = new JsonArray(state.Dependencies.Select(d => (JsonNode?)JsonValue.Create(d.Value)).ToArray());
        }

        if (state.Protect)
        {
            node["protect"] = true;
        }

        if (state.RetainOnDelete)
        {
            node["retainOnDelete"] = true;
        }

        if (state.Delete)
        {
            node["delete"] = true;
        }

        return node;
    }

    private static JsonObject? NewStateNode(PlannedStep step)
    {
        if (step.Operation is StepOperation.Refresh or StepOperation.Read)
        {
            return step.NewState is { } read ? StateNode(read) : null;
        }

        if (step.Goal is not { } goal || step.NewInputs is not { } inputs || step.Operation is StepOperation.Delete or StepOperation.DeleteReplaced)
        {
            return null;
        }

        var node = new JsonObject
        {
            ["urn"] = goal.Urn.Value,
            ["custom"] = goal.Custom,
            ["type"] = goal.Type.Token,
            ["inputs"] = PropertyValueJson.ToMaskedObject(inputs),
        };
        if (goal.Parent is { } parent)
        {
            node["parent"] = parent.Value;
        }

        if (!goal.Dependencies.IsEmpty)
        {
            node["dependencies"] = new JsonArray(goal.Dependencies.Select(d => (JsonNode?)JsonValue.Create(d.Value)).ToArray());
        }

        if (goal.Options.Protect)
        {
            node["protect"] = true;
        }

        if (goal.Options.RetainOnDelete)
        {
            node["retainOnDelete"] = true;
        }

        return node;
    }

    private static string KindName(PropertyDiffKind kind) => kind switch
    {
        PropertyDiffKind.Add => "add",
        PropertyDiffKind.AddReplace => "add-replace",
        PropertyDiffKind.Delete => "delete",
        PropertyDiffKind.DeleteReplace => "delete-replace",
        PropertyDiffKind.Update => "update",
        PropertyDiffKind.UpdateReplace => "update-replace",
        _ => "update",
    };
}
