namespace Infra.GitOps.Loading;

/// <summary>GO2xxx: expressions, references, dependencies and translation into the resource graph.</summary>
public static partial class DiagnosticMessages
{
    /// <summary>A <c>${</c> without its closing brace.</summary>
    public const string ExpressionUnclosedCode = "GO2001";

    /// <summary>Template: {0} = the string.</summary>
    public const string ExpressionUnclosed = "unclosed expression in '{0}': '${{' has no matching '}}' (write '$$' for a literal '$')";

    /// <summary>An empty <c>${}</c>.</summary>
    public const string ExpressionEmptyCode = "GO2002";

    /// <summary>Template: {0} = the string.</summary>
    public const string ExpressionEmpty = "empty expression '${{}}' in '{0}'";

    /// <summary>An expression that is not <c>var.x</c>, <c>secret.x</c>, <c>stack</c>, <c>project</c> or <c>name.output[path]</c>.</summary>
    public const string ExpressionInvalidCode = "GO2003";

    /// <summary>Template: {0} = the expression text, {1} = why.</summary>
    public const string ExpressionInvalid = "invalid expression '${{{0}}}': {1}";

    /// <summary><c>${var.x}</c> names no variable.</summary>
    public const string UnknownVariableCode = "GO2004";

    /// <summary>Template: {0} = name, {1} = did-you-mean suffix.</summary>
    public const string UnknownVariable = "unknown variable '{0}'{1}";

    /// <summary><c>${secret.x}</c> names no secret.</summary>
    public const string UnknownSecretCode = "GO2005";

    /// <summary>Template: {0} = name, {1} = did-you-mean suffix.</summary>
    public const string UnknownSecret = "unknown secret '{0}'{1}";

    /// <summary><c>${name.output}</c> names no document of the stack.</summary>
    public const string UnknownResourceCode = "GO2006";

    /// <summary>Template: {0} = name, {1} = did-you-mean suffix.</summary>
    public const string UnknownResource = "reference to unknown resource '{0}'{1}";

    /// <summary>An output a cloud-neutral kind does not offer.</summary>
    public const string UnknownOutputCode = "GO2007";

    /// <summary>Template: {0} = resource, {1} = kind, {2} = output, {3} = the valid outputs.</summary>
    public const string UnknownOutput = "{1} '{0}' has no output '{2}' (valid outputs: {3})";

    /// <summary>A document that references or depends on itself.</summary>
    public const string SelfReferenceCode = "GO2008";

    /// <summary>Template: {0} = name.</summary>
    public const string SelfReference = "resource '{0}' refers to itself";

    /// <summary>Documents that depend on each other in a circle.</summary>
    public const string DependencyCycleCode = "GO2009";

    /// <summary>Template: {0} = the cycle, <c>a -> b -> a</c>.</summary>
    public const string DependencyCycle = "dependency cycle: {0}";

    /// <summary><c>network</c>, <c>disks</c> or <c>dependsOn</c> naming a document the stack does not have.</summary>
    public const string MissingDocumentCode = "GO2010";

    /// <summary>Template: {0} = the field, {1} = the expected kind, {2} = name, {3} = did-you-mean suffix.</summary>
    public const string MissingDocument = "'{0}' names unknown {1} '{2}'{3}";

    /// <summary><c>network</c> or <c>disks</c> naming a document of another kind.</summary>
    public const string WrongDocumentKindCode = "GO2011";

    /// <summary>Template: {0} = the field, {1} = the expected kind, {2} = name, {3} = its kind.</summary>
    public const string WrongDocumentKind = "'{0}' must name a {1}, but '{2}' is a {3}";

    /// <summary><c>subnet</c> naming no subnet of the VM's network.</summary>
    public const string UnknownSubnetCode = "GO2012";

    /// <summary>Template: {0} = network, {1} = subnet, {2} = the network's subnets.</summary>
    public const string UnknownSubnet = "network '{0}' has no subnet '{1}' (subnets: {2})";

    /// <summary>A cloud-neutral kind the provider cannot serve (a Bucket on libvirt).</summary>
    public const string KindNotSupportedCode = "GO2013";

    /// <summary>Template: {0} = provider, {1} = kind, {2} = the providers that can.</summary>
    public const string KindNotSupported = "provider '{0}' cannot serve a {1} (use one of: {2})";

    /// <summary>A provider name none of the translations knows.</summary>
    public const string UnknownProviderCode = "GO2014";

    /// <summary>Template: {0} = provider, {1} = known providers.</summary>
    public const string UnknownProvider = "unknown provider '{0}' (known providers: {1})";

    /// <summary>A <c>fromEnv</c> secret whose environment variable is not set.</summary>
    public const string SecretEnvironmentVariableMissingCode = "GO2015";

    /// <summary>Template: {0} = secret, {1} = variable.</summary>
    public const string SecretEnvironmentVariableMissing = "secret '{0}': environment variable '{1}' is not set";

    /// <summary>A <c>secure</c> secret used while no passphrase was given.</summary>
    public const string SecretPassphraseRequiredCode = "GO2016";

    /// <summary>Template: {0} = secret.</summary>
    public const string SecretPassphraseRequired = "secret '{0}' is encrypted: a passphrase is needed to decrypt it (set INFRA_GITOPS_PASSPHRASE)";

    /// <summary>A <c>secure</c> secret that does not decrypt.</summary>
    public const string SecretDecryptionFailedCode = "GO2017";

    /// <summary>Template: {0} = secret.</summary>
    public const string SecretDecryptionFailed = "secret '{0}' cannot be decrypted: the ciphertext is malformed or the passphrase is wrong";

    /// <summary>A list or object value inside a mixed string.</summary>
    public const string CannotInterpolateCode = "GO2018";

    /// <summary>Template: {0} = the expression, {1} = the value's kind.</summary>
    public const string CannotInterpolate = "'${{{0}}}' is {1} and cannot be part of a string; use it as the whole value";

    /// <summary>A VM and its network or disk on different providers.</summary>
    public const string CrossProviderReferenceCode = "GO2019";

    /// <summary>Template: {0} = this document, {1} = its provider, {2} = the other, {3} = its provider.</summary>
    public const string CrossProviderReference = "'{0}' is on provider '{1}' but '{2}' is on provider '{3}'";

    /// <summary>A <c>kind: Resource</c> type token that is not <c>pkg:module:Type</c>.</summary>
    public const string UnresolvableTypeTokenCode = "GO2020";

    /// <summary>Template: {0} = token.</summary>
    public const string UnresolvableTypeToken = "invalid type token '{0}': it must have the form 'package:module:Type'";

    /// <summary>An image the provider cannot boot.</summary>
    public const string UnsupportedImageCode = "GO2021";

    /// <summary>Template: {0} = provider, {1} = image, {2} = what is accepted.</summary>
    public const string UnsupportedImage = "provider '{0}' cannot use image '{1}': expected {2}";

    /// <summary>A size the provider does not know, with no <c>cpus</c>/<c>memoryMiB</c> override.</summary>
    public const string InvalidSizeCode = "GO2022";

    /// <summary>Template: {0} = provider, {1} = size.</summary>
    public const string InvalidSize = "provider '{0}' has no size '{1}' (use small, medium or large, or set cpus and memoryMiB)";

    /// <summary>Two resources with the same URN.</summary>
    public const string DuplicateUrnCode = "GO2023";

    /// <summary>Template: {0} = URN.</summary>
    public const string DuplicateUrn = "duplicate resource URN '{0}'";

    /// <summary>A provider setting a translation needs and the stack does not give.</summary>
    public const string MissingProviderSettingCode = "GO2024";

    /// <summary>Template: {0} = provider, {1} = the setting.</summary>
    public const string MissingProviderSetting = "provider '{0}' needs the setting '{1}' in the stack's spec.providers.{0}";

    /// <summary>A value that must be known when the graph is built (a replica count) refers to an output.</summary>
    public const string ValueMustBeKnownCode = "GO2025";

    /// <summary>Template: {0} = the field.</summary>
    public const string ValueMustBeKnown = "'{0}' must be known before deployment: use a literal or ${{var.name}}, not a resource output";

    /// <summary>A value of the wrong type once its expressions are resolved.</summary>
    public const string InvalidValueCode = "GO2026";

    /// <summary>Template: {0} = the field, {1} = what is expected, {2} = the value.</summary>
    public const string InvalidValue = "'{0}' must be {1}, not '{2}'";

    /// <summary>A firewall rule the provider cannot express (deny on AWS, ICMP in a NetworkPolicy).</summary>
    public const string FirewallRuleNotSupportedCode = "GO2027";

    /// <summary>Template: {0} = provider, {1} = rule, {2} = why.</summary>
    public const string FirewallRuleNotSupported = "provider '{0}' cannot express firewall rule '{1}': {2}";

    /// <summary>Firewall rules on a provider that does not enforce them (a warning).</summary>
    public const string FirewallIgnoredCode = "GO2028";

    /// <summary>Template: {0} = provider, {1} = network.</summary>
    public const string FirewallIgnored = "provider '{0}' does not enforce firewall rules: the rules of network '{1}' are ignored";

    /// <summary>A <c>fromEnv</c> secret whose variable is not set, in placeholder mode (validate, graph, previews): a warning.</summary>
    public const string SecretEnvironmentPlaceholderCode = "GO2029";

    /// <summary>Template: {0} = secret, {1} = variable.</summary>
    public const string SecretEnvironmentPlaceholder = "secret '{0}': environment variable '{1}' is not set; its value is shown as [secret] (known after apply), and 'up' will need it";

    /// <summary>A <c>secure</c> secret and no passphrase, in placeholder mode (validate, graph, previews): a warning.</summary>
    public const string SecretEncryptedPlaceholderCode = "GO2030";

    /// <summary>Template: {0} = secret.</summary>
    public const string SecretEncryptedPlaceholder = "secret '{0}' is encrypted and no passphrase was given; its value is shown as [secret] (known after apply), and 'up' will need INFRA_GITOPS_PASSPHRASE";

    /// <summary>The did-you-mean suffix of several messages; {0} = the suggestion.</summary>
    public const string DidYouMean = " (did you mean '{0}'?)";
}
