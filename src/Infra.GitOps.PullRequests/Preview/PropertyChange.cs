namespace Infra.GitOps.PullRequests.Preview;

/// <summary>One property's change in a step: old -&gt; new, already masked for display.</summary>
/// <param name="Path">The property path (<c>memory</c>, <c>disks[0].volumeId</c>).</param>
/// <param name="Kind">Added, updated or deleted.</param>
/// <param name="Old">The recorded value, or null when added.</param>
/// <param name="New">The desired value, or null when deleted.</param>
/// <param name="ForcesReplacement">True when this change is why the resource is replaced.</param>
public sealed record PropertyChange(string Path, PropertyChangeKind Kind, PreviewValue? Old, PreviewValue? New, bool ForcesReplacement);
