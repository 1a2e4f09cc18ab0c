namespace HtapRouter.PgWire.Auth;

/// <summary>Why a SCRAM step failed, which decides the SQLSTATE sent to the client.</summary>
public enum ScramFailure
{
    /// <summary>The step succeeded.</summary>
    None,

    /// <summary>The client broke the SCRAM syntax or its rules (08P01 protocol_violation).</summary>
    MalformedMessage,

    /// <summary>The client asked for a SCRAM feature we do not offer (0A000 feature_not_supported).</summary>
    UnsupportedFeature,

    /// <summary>Wrong password, unknown user or no usable verifier; indistinguishable to the client (28P01 invalid_password).</summary>
    InvalidPassword,
}
