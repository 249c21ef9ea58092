namespace MlConnector.Web.Integrations.Common;

/// <summary>Why a call to an external system failed, in the terms the engine and the UI act on.</summary>
public enum FailureKind
{
    /// <summary>Credentials refused or missing a permission: the customer must fix the connection.</summary>
    Auth,

    /// <summary>The connection points somewhere wrong (host, company, legal entity, folder): fix settings.</summary>
    Configuration,

    /// <summary>The system asked us to slow down; try again after <see cref="ConnectorFailure.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>Outage, timeout or 5xx: retry later with backoff.</summary>
    Transient,

    /// <summary>The system rejected this request as it is (validation, duplicate, closed period): a person must act.</summary>
    Permanent,
}

/// <summary>A classified failure: what kind, what the system said, and what the customer can do about it.</summary>
/// <param name="Code">The system's own error code when it gives one (Ramp's <c>DEVELOPER_7005</c>), for callers that act on it.</param>
public sealed record ConnectorFailure(FailureKind Kind, string Message, string? Hint = null, TimeSpan? RetryAfter = null, int? StatusCode = null,
    string? Code = null);

/// <summary>The outcome of a connector call: a value, or a classified failure. Connectors do not throw for these.</summary>
public readonly record struct ConnectorResult<T>
{
    private ConnectorResult(T? value, ConnectorFailure? failure)
    {
        Value = value;
        Failure = failure;
    }

    public T? Value { get; }

    public ConnectorFailure? Failure { get; }

    public bool IsOk => Failure is null;

    public static ConnectorResult<T> Ok(T value) => new(value, null);

    public static ConnectorResult<T> Fail(ConnectorFailure failure) => new(default, failure);

    public static implicit operator ConnectorResult<T>(ConnectorFailure failure) => Fail(failure);
}
