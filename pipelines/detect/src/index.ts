/**
 * @tracehound/detect — the detect stage: continuous detection against the
 * store, with health and Prometheus metrics. The CLI's `detect --follow`,
 * `up` and `demo` start it; the detection itself is @tracehound/detector.
 */
export { startDetect, type DetectStage, type DetectStageOptions, type StageLog } from './start-detect.ts'
