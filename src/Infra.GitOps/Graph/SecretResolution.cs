namespace Infra.GitOps.Graph;

/// <summary>What <see cref="GraphBuilder.Build"/> does with a stack secret it cannot read on this machine.</summary>
public enum SecretResolution
{
    /// <summary>
    /// Every secret a document uses must be readable: an unset <c>fromEnv</c> variable, or a <c>secure</c> value
    /// without a passphrase, is an error. For operations that change resources (up, refresh, destroy).
    /// </summary>
    Required = 0,

    /// <summary>
    /// An unreadable secret becomes <see cref="Model.SecretValue.Placeholder"/> (printed <c>[secret]</c>, known
    /// after apply) and a warning at the secret's definition. For operations that only look: validate, graph,
    /// pull-request previews. A secret that is there but does not decrypt is still an error.
    /// </summary>
    Placeholder = 1,
}
