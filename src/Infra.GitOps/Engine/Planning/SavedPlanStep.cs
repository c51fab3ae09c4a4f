using System.Text.Json.Nodes;
using Infra.GitOps.Model;

namespace Infra.GitOps.Engine.Planning;

/// <summary>One step of a <see cref="SavedPlan"/>: the operation it allows on a resource, and the (masked) new
/// inputs it showed, or null for deletes.</summary>
public sealed record SavedPlanStep(StepOperation Operation, Urn Urn, JsonObject? NewInputs);
