using Infra.GitOps.Model;
using Infra.GitOps.Providers;

namespace Infra.GitOps.Engine.Planning;

/// <summary>
/// One changed property of a step's diff. <see cref="Old"/> and <see cref="New"/> are the values at
/// <see cref="Path"/> (null when absent); secrets stay <see cref="SecretValue"/>s (printed <c>[secret]</c>) and
/// values not known until apply are <see cref="UnknownValue"/>.
/// </summary>
/// <param name="Path">The property path (<c>tags.env</c>, <c>disks[0].size</c>).</param>
/// <param name="Kind">How it changed; the <c>*Replace</c> kinds force a replacement.</param>
/// <param name="Old">The recorded value, or null when added.</param>
/// <param name="New">The new value, or null when removed.</param>
public sealed record PropertyChange(string Path, PropertyDiffKind Kind, PropertyValue? Old, PropertyValue? New)
{
    /// <summary><c>path: old => new (kind)</c>, secrets masked.</summary>
    public override string ToString() => $"{Path}: {Old?.ToString() ?? "<none>"} => {New?.ToString() ?? "<none>"} ({Kind})";
}
