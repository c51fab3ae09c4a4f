namespace Infra.GitOps.Engine.Planning;

/// <summary>Pulumi's names and display prefixes of <see cref="StepOperation"/>s.</summary>
public static class StepOperations
{
    /// <summary>The operation's name as Pulumi writes it in JSON (<c>create-replacement</c>).</summary>
    public static string ToPulumiName(this StepOperation operation) => operation switch
    {
        StepOperation.Same => "same",
        StepOperation.Create => "create",
        StepOperation.Update => "update",
        StepOperation.Replace => "replace",
        StepOperation.CreateReplacement => "create-replacement",
        StepOperation.DeleteReplaced => "delete-replaced",
        StepOperation.Delete => "delete",
        StepOperation.Read => "read",
        StepOperation.Refresh => "refresh",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    /// <summary>Parses a Pulumi operation name; null when it is not one.</summary>
    public static StepOperation? FromPulumiName(string name) => name switch
    {
        "same" => StepOperation.Same,
        "create" => StepOperation.Create,
        "update" => StepOperation.Update,
        "replace" => StepOperation.Replace,
        "create-replacement" => StepOperation.CreateReplacement,
        "delete-replaced" => StepOperation.DeleteReplaced,
        "delete" => StepOperation.Delete,
        "read" => StepOperation.Read,
        "refresh" => StepOperation.Refresh,
        _ => null,
    };

    /// <summary>The two-character display prefix (<c>+ </c>, <c>+-</c>, <c>--</c>).</summary>
    public static string Prefix(this StepOperation operation) => operation switch
    {
        StepOperation.Same => "  ",
        StepOperation.Create => "+ ",
        StepOperation.Update => "~ ",
        StepOperation.Replace => "+-",
        StepOperation.CreateReplacement => "++",
        StepOperation.DeleteReplaced => "--",
        StepOperation.Delete => "- ",
        StepOperation.Read => "> ",
        StepOperation.Refresh => "~ ",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };
}
