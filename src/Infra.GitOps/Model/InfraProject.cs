namespace Infra.GitOps.Model;

/// <summary>The project file, <c>Pulumi.yaml</c>.</summary>
/// <param name="Name">Project name (part of every URN).</param>
/// <param name="Description">Optional description.</param>
/// <param name="BackendUrl">Where state lives; default <see cref="DefaultBackendUrl"/>.</param>
/// <param name="Location">The file's location.</param>
public sealed record InfraProject(string Name, string? Description, string BackendUrl, SourceLocation Location)
{
    /// <summary>The default state backend: local files under the repository.</summary>
    public const string DefaultBackendUrl = "file://.infra/state";
}
