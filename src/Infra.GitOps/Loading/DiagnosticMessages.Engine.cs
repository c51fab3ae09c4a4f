namespace Infra.GitOps.Loading;

/// <summary>Engine and provider-check diagnostics (GO3xxx).</summary>
public static partial class DiagnosticMessages
{
    /// <summary>A provider's Check rejected an input.</summary>
    public const string CheckFailedCode = "GO3001";

    /// <summary>Template: {0} resource name, {1} property (or "(resource)"), {2} the provider's reason.</summary>
    public const string CheckFailed = "invalid input '{1}' on resource '{0}': {2}";

    /// <summary>A protected resource would be deleted.</summary>
    public const string ProtectedDeleteCode = "GO3002";

    /// <summary>Template: {0} URN.</summary>
    public const string ProtectedDelete = "resource '{0}' cannot be deleted because it is protected; set 'protect: false' and run up first";

    /// <summary>A protected resource would be replaced.</summary>
    public const string ProtectedReplaceCode = "GO3003";

    /// <summary>Template: {0} URN, {1} replace reasons.</summary>
    public const string ProtectedReplace = "resource '{0}' cannot be replaced because it is protected (changed: {1}); set 'protect: false' and run up first";

    /// <summary>No provider is registered for a resource's package.</summary>
    public const string ProviderMissingCode = "GO3004";

    /// <summary>Template: {0} package, {1} URN.</summary>
    public const string ProviderMissing = "no provider for package '{0}' (resource '{1}')";

    /// <summary>A target or forced-replace URN names no resource.</summary>
    public const string UnknownTargetCode = "GO3005";

    /// <summary>Template: {0} URN.</summary>
    public const string UnknownTarget = "target '{0}' names no resource of the stack or its state";

    /// <summary>A provider failed while planning (Check/Diff threw).</summary>
    public const string PlanProviderFailedCode = "GO3006";

    /// <summary>Template: {0} URN, {1} operation, {2} message.</summary>
    public const string PlanProviderFailed = "provider {1} failed for '{0}': {2}";
}
