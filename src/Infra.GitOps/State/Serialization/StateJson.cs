using System.Text.Json;

namespace Infra.GitOps.State.Serialization;

/// <summary>Property names and signatures shared by the checkpoint and journal formats.</summary>
internal static partial class StateJson
{
    /// <summary>Pulumi's special-value signature key.</summary>
    public const string SignatureKey = "4dabf18193072939515e22adb298388d";

    /// <summary>Pulumi's secret signature.</summary>
    public const string SecretSignature = "1b47061264138c4ac30d75fd1eb44270";

    /// <summary>The deployment format version written and read.</summary>
    public const int DeploymentVersion = 3;

    internal static class Names
    {
        public static readonly JsonEncodedText Urn = JsonEncodedText.Encode("urn");
        public static readonly JsonEncodedText Custom = JsonEncodedText.Encode("custom");
        public static readonly JsonEncodedText Delete = JsonEncodedText.Encode("delete");
        public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
        public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
        public static readonly JsonEncodedText Inputs = JsonEncodedText.Encode("inputs");
        public static readonly JsonEncodedText Outputs = JsonEncodedText.Encode("outputs");
        public static readonly JsonEncodedText Parent = JsonEncodedText.Encode("parent");
        public static readonly JsonEncodedText Protect = JsonEncodedText.Encode("protect");
        public static readonly JsonEncodedText Dependencies = JsonEncodedText.Encode("dependencies");
        public static readonly JsonEncodedText Provider = JsonEncodedText.Encode("provider");
        public static readonly JsonEncodedText PropertyDependencies = JsonEncodedText.Encode("propertyDependencies");
        public static readonly JsonEncodedText PendingReplacement = JsonEncodedText.Encode("pendingReplacement");
        public static readonly JsonEncodedText RetainOnDelete = JsonEncodedText.Encode("retainOnDelete");
        public static readonly JsonEncodedText Created = JsonEncodedText.Encode("created");
        public static readonly JsonEncodedText Modified = JsonEncodedText.Encode("modified");
        public static readonly JsonEncodedText IgnoreChanges = JsonEncodedText.Encode("ignoreChanges");
        public static readonly JsonEncodedText ReplaceOnChanges = JsonEncodedText.Encode("replaceOnChanges");
        public static readonly JsonEncodedText Resource = JsonEncodedText.Encode("resource");
        public static readonly JsonEncodedText Resources = JsonEncodedText.Encode("resources");
        public static readonly JsonEncodedText PendingOperations = JsonEncodedText.Encode("pending_operations");
        public static readonly JsonEncodedText SecretsProviders = JsonEncodedText.Encode("secrets_providers");
        public static readonly JsonEncodedText State = JsonEncodedText.Encode("state");
        public static readonly JsonEncodedText Salt = JsonEncodedText.Encode("salt");
        public static readonly JsonEncodedText Iterations = JsonEncodedText.Encode("iterations");
        public static readonly JsonEncodedText Check = JsonEncodedText.Encode("check");
        public static readonly JsonEncodedText Signature = JsonEncodedText.Encode(SignatureKey);
        public static readonly JsonEncodedText Ciphertext = JsonEncodedText.Encode("ciphertext");
        public static readonly JsonEncodedText Plaintext = JsonEncodedText.Encode("plaintext");
        public static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
        public static readonly JsonEncodedText Checkpoint = JsonEncodedText.Encode("checkpoint");
        public static readonly JsonEncodedText Deployment = JsonEncodedText.Encode("deployment");
        public static readonly JsonEncodedText Stack = JsonEncodedText.Encode("stack");
        public static readonly JsonEncodedText Config = JsonEncodedText.Encode("config");
        public static readonly JsonEncodedText Latest = JsonEncodedText.Encode("latest");
        public static readonly JsonEncodedText Manifest = JsonEncodedText.Encode("manifest");
        public static readonly JsonEncodedText Time = JsonEncodedText.Encode("time");
        public static readonly JsonEncodedText Magic = JsonEncodedText.Encode("magic");
        public static readonly JsonEncodedText Metadata = JsonEncodedText.Encode("metadata");
        public static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
        public static readonly JsonEncodedText NewState = JsonEncodedText.Encode("newState");
        public static readonly JsonEncodedText Begun = JsonEncodedText.Encode("begun");
    }
}
