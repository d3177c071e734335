using System.Globalization;
using System.Numerics.Tensors;
using EId.Faces;

namespace EId.Biometrics.Liveness;

/// <summary>
/// The pure logic of active liveness: consumes per-frame measurements in capture order and decides whether the steps
/// were met in order, each within the step time limit, by the same person, in frames that are not one static image.
/// No models, no clock: tests drive it with synthesised measurements.
/// </summary>
/// <remarks>
/// Natural blinks never count as out of order (people blink all the time); a head turn, a look up/down or an open mouth
/// that belongs to a later step, seen before the current step is met, fails the session as out of order. The action of
/// the step just met is ignored while it is held. A session that met its steps still fails when its faces moved like a
/// flat picture (<see cref="PlanarMotion"/>), when frames come faster than a camera delivers them, or when the head turns
/// faster than a head can. Not thread-safe: one instance per session.
/// </remarks>
public sealed class ChallengeStateMachine
{
    private readonly IReadOnlyList<ChallengeKind> _steps;
    private readonly ActiveLivenessOptions _options;
    private readonly float _identityThreshold;
    private ReadOnlyMemory<float> _reference;
    private IReadOnlyList<FacePoint>? _referenceLandmarks;
    private float _depthLargest = float.NaN;
    private float _depthSecond = float.NaN;
    private TimeSpan? _lastFaceOffset;
    private float _lastYaw = float.NaN;
    private float _basePitch = float.NaN;
    private float _baseYaw = float.NaN;
    private TimeSpan? _stepStart;
    private TimeSpan? _lastOffset;
    private bool _sawClosed;
    private bool _moving;
    private int _frames;
    private int _faces;

    /// <summary>Starts a session for <paramref name="steps"/>.</summary>
    /// <param name="steps">The challenge's steps, in order.</param>
    /// <param name="options">Thresholds and time limit.</param>
    /// <param name="identityThreshold">
    /// Cosine similarity every frame's face must keep with the first frame's face: the face match's portrait threshold
    /// (<see cref="Matching.FaceMatchThresholds.Portrait"/>), so a session cannot switch to a person the match would not accept.
    /// </param>
    public ChallengeStateMachine(IReadOnlyList<ChallengeKind> steps, ActiveLivenessOptions options, float identityThreshold)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(options);
        _steps = steps;
        _options = options;
        _identityThreshold = identityThreshold;
    }

    /// <summary>Steps met so far.</summary>
    public int StepsMet { get; private set; }

    /// <summary>The failure, once the session has failed; further frames are ignored.</summary>
    public ActiveLivenessOutcome? Failure { get; private set; }

    /// <summary>True once every step has been met (the session still needs <see cref="Finish"/>).</summary>
    public bool AllStepsMet => StepsMet == _steps.Count;

    /// <summary>Feeds the next frame.</summary>
    /// <param name="frame">The frame's measurement.</param>
    /// <returns>False once the session has failed (stop streaming).</returns>
    public bool Observe(FrameMeasurement frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (Failure is not null)
        {
            return false;
        }

        if (_lastOffset is { } last && frame.Offset <= last)
        {
            return Fail(LivenessReason.ChallengeNotMet, Current(), "frame offsets do not increase");
        }

        if (_lastOffset is { } previousOffset && frame.Offset - previousOffset < _options.MinFrameInterval)
        {
            return Fail(LivenessReason.ImpossibleTiming, Current(), string.Create(CultureInfo.InvariantCulture, $"frames {(frame.Offset - previousOffset).TotalMilliseconds:0.#} ms apart"));
        }

        _frames++;
        _lastOffset = frame.Offset;
        _stepStart ??= frame.Offset;
        if (_frames > 1 && !(frame.DifferenceFromPrevious < _options.StaticFrameDifference))
        {
            _moving = true;
        }

        if (!AllStepsMet && frame.Offset - _stepStart.Value > _options.StepTimeLimit)
        {
            return Fail(LivenessReason.Timeout, StepsMet, string.Create(CultureInfo.InvariantCulture, $"step {StepsMet + 1} ({_steps[StepsMet]}) not met within {_options.StepTimeLimit.TotalSeconds:0.#} s"));
        }

        if (!frame.FaceFound)
        {
            return true;
        }

        _faces++;
        if (!frame.Embedding.IsEmpty)
        {
            if (_reference.IsEmpty)
            {
                _reference = frame.Embedding;
            }
            else if (_reference.Length != frame.Embedding.Length
                || TensorPrimitives.CosineSimilarity(_reference.Span, frame.Embedding.Span) < _identityThreshold)
            {
                return Fail(LivenessReason.IdentityChanged, Current(), string.Create(CultureInfo.InvariantCulture, $"a different face at +{frame.Offset.TotalMilliseconds:0} ms"));
            }
        }

        if (float.IsNaN(_basePitch))
        {
            _basePitch = frame.Pitch;
            _baseYaw = frame.Yaw;
        }

        if (!ObserveMotion(frame))
        {
            return false;
        }

        if (AllStepsMet)
        {
            return true;
        }

        var kind = _steps[StepsMet];
        if (Meets(kind, frame))
        {
            StepsMet++;
            _stepStart = frame.Offset;
            _sawClosed = false;
            return true;
        }

        var previous = StepsMet > 0 ? _steps[StepsMet - 1] : (ChallengeKind?)null;
        for (var j = StepsMet + 1; j < _steps.Count; j++)
        {
            var later = _steps[j];
            if (later != kind && later != previous && later != ChallengeKind.Blink && Holds(later, frame))
            {
                return Fail(LivenessReason.ChallengeOutOfOrder, StepsMet, $"{later} (step {j + 1}) performed before {kind} (step {StepsMet + 1})");
            }
        }

        return true;
    }

    /// <summary>Ends the session: passes only when every step was met and the frames were not one static image.</summary>
    /// <returns>The outcome.</returns>
    public ActiveLivenessOutcome Finish()
    {
        if (Failure is not null)
        {
            return Failure;
        }

        if (_faces == 0)
        {
            Fail(LivenessReason.NoFace, Current(), $"no face in {_frames} frame(s)");
            return Failure!;
        }

        if (!_moving)
        {
            Fail(LivenessReason.StaticImage, Current(), $"{_frames} frame(s) show one unchanging image");
            return Failure!;
        }

        if (!AllStepsMet)
        {
            Fail(LivenessReason.ChallengeNotMet, StepsMet, $"step {StepsMet + 1} ({_steps[StepsMet]}) not met before the frames ended");
            return Failure!;
        }

        if (_options.MinimumDepthResidual > 0 && !(DepthEvidence >= _options.MinimumDepthResidual))
        {
            Fail(LivenessReason.PlanarMotion, null, string.Create(CultureInfo.InvariantCulture, $"the face moved like a flat picture (3-D evidence {DepthEvidence:0.000} < {_options.MinimumDepthResidual:0.000})"));
            return Failure!;
        }

        return new ActiveLivenessOutcome(true, LivenessReason.ChallengesMet, null, null, StepsMet, $"{StepsMet} step(s) met in order over {_frames} frame(s)");
    }

    /// <summary>Runs a whole sequence through a new state machine.</summary>
    /// <param name="steps">The challenge's steps.</param>
    /// <param name="frames">Measurements in capture order.</param>
    /// <param name="options">Thresholds and time limit.</param>
    /// <param name="identityThreshold">The same-person threshold (see the constructor).</param>
    /// <returns>The outcome.</returns>
    public static ActiveLivenessOutcome Evaluate(IReadOnlyList<ChallengeKind> steps, IEnumerable<FrameMeasurement> frames, ActiveLivenessOptions options, float identityThreshold)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var machine = new ChallengeStateMachine(steps, options, identityThreshold);
        foreach (var frame in frames)
        {
            if (!machine.Observe(frame))
            {
                break;
            }
        }

        return machine.Finish();
    }

    /// <summary>
    /// The 3-D motion evidence so far: the second-largest plane-homography residual from the first face's landmarks
    /// (the second, so one frame of landmark noise cannot supply it); NaN before two frames with landmarks.
    /// </summary>
    public float DepthEvidence => _depthSecond;

    private int? Current() => AllStepsMet ? null : StepsMet;

    // Depth evidence and head-speed plausibility between faces.
    private bool ObserveMotion(FrameMeasurement frame)
    {
        if (_lastFaceOffset is { } lastFace && !float.IsNaN(_lastYaw) && !float.IsNaN(frame.Yaw))
        {
            var seconds = (frame.Offset - lastFace).TotalSeconds;
            if (seconds > 0 && Math.Abs(frame.Yaw - _lastYaw) / seconds > _options.MaxYawDegreesPerSecond)
            {
                return Fail(LivenessReason.ImpossibleTiming, Current(), string.Create(CultureInfo.InvariantCulture, $"the head turned {Math.Abs(frame.Yaw - _lastYaw):0}° in {seconds * 1000:0} ms"));
            }
        }

        _lastFaceOffset = frame.Offset;
        _lastYaw = frame.Yaw;
        if (frame.Landmarks is not { Count: > 0 } landmarks)
        {
            return true;
        }

        if (_referenceLandmarks is null)
        {
            _referenceLandmarks = landmarks;
            return true;
        }

        var residual = PlanarMotion.Residual(_referenceLandmarks, landmarks);
        if (float.IsNaN(residual))
        {
            return true;
        }

        if (!(residual <= _depthLargest))
        {
            _depthSecond = _depthLargest;
            _depthLargest = residual;
        }
        else if (!(residual <= _depthSecond))
        {
            _depthSecond = residual;
        }

        return true;
    }

    private bool Meets(ChallengeKind kind, FrameMeasurement f)
    {
        if (kind != ChallengeKind.Blink)
        {
            return Holds(kind, f);
        }

        if (f.EyeAspectRatio < _options.EyesClosedRatio)
        {
            _sawClosed = true;
            return false;
        }

        return _sawClosed && f.EyeAspectRatio > _options.EyesOpenRatio;
    }

    // Whether the frame shows the pose or expression of a (non-blink) action.
    private bool Holds(ChallengeKind kind, FrameMeasurement f)
    {
        // Unmirrored frames: turning to one's own left moves the nose towards the image's right (positive yaw). A turn
        // must also move half the turn angle away from the first face's yaw: a photo of a head already turned meets nothing.
        var towardsOwnLeft = _options.MirroredFrames ? -f.Yaw : f.Yaw;
        var turned = towardsOwnLeft - (_options.MirroredFrames ? -_baseYaw : _baseYaw);
        return kind switch
        {
            ChallengeKind.TurnLeft => towardsOwnLeft > _options.TurnDegrees && turned > _options.TurnDegrees / 2,
            ChallengeKind.TurnRight => towardsOwnLeft < -_options.TurnDegrees && turned < -_options.TurnDegrees / 2,
            ChallengeKind.OpenMouth => f.MouthOpening > _options.MouthOpenRatio,
            ChallengeKind.LookUp => f.Pitch - _basePitch > _options.PitchDegrees,
            ChallengeKind.LookDown => _basePitch - f.Pitch > _options.PitchDegrees,
            _ => false,
        };
    }

    private bool Fail(LivenessReason reason, int? step, string detail)
    {
        ChallengeKind? kind = step is { } s && s < _steps.Count ? _steps[s] : null;
        Failure = new ActiveLivenessOutcome(false, reason, step, kind, StepsMet, detail);
        return false;
    }
}
