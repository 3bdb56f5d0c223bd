/**
 * templates/NOTES.txt: what `helm install` prints. Object names follow labels.ts resourceName()
 * (the `videoforge.fullname` helper).
 */
export function notesTemplate(): string {
  return `VideoForge {{ .Chart.AppVersion }} is installed as release "{{ .Release.Name }}" in namespace "{{ .Release.Namespace }}".
{{- $ns := .Release.Namespace }}
{{- $name := include "videoforge.fullname" . }}
{{ if .Values.ingress.enabled }}
API:   https://{{ .Values.ingress.host }}/api        Admin: https://{{ .Values.ingress.host }}/api/admin
{{- if .Values.web.enabled }}
Web app: https://{{ .Values.ingress.host }}/
{{- end }}
The ALB takes a few minutes to appear; point DNS for {{ .Values.ingress.host }} at its address:
  kubectl -n {{ $ns }} get ingress {{ $name }} -o jsonpath='{.status.loadBalancer.ingress[0].hostname}'
{{- if not .Values.namespace.create }}
Rollouts without 502s need the ALB's pod readiness gates: label the namespace once, then restart
the api, admin and web (the gates are added to new pods only):
  kubectl label namespace {{ $ns }} elbv2.k8s.aws/pod-readiness-gate-inject=enabled --overwrite
{{- end }}
{{- else }}
No Ingress (ingress.enabled=false). Reach the services with:
  kubectl -n {{ $ns }} port-forward svc/{{ $name }}-api 8080:8080
  kubectl -n {{ $ns }} port-forward svc/{{ $name }}-admin 8081:8080
{{- if .Values.web.enabled }}
{{- if .Values.web.apiProxy.enabled }}
  kubectl -n {{ $ns }} port-forward svc/{{ $name }}-web 3000:8080   # the web app, its /api on the same origin
{{- else }}
  kubectl -n {{ $ns }} port-forward svc/{{ $name }}-web 3000:8080   # the web app's files (no /api here: web.apiProxy.enabled)
{{- end }}
{{- end }}
{{- end }}
{{ if not .Values.externalSecrets.enabled }}
The services start once Secret {{ $name }}-secrets exists (COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID, ...).
External Secrets is off, so create it yourself (kind: the local-stack pod writes it). Outside
LOCAL_MODE the api also needs PLAYBACK_SIGNING_SECRET (32+ characters, the same for every replica),
in Secret {{ $name }}-api-secrets or in {{ $name }}-secrets. The events service waits for Secret
{{ $name }}-redis with REDIS_URL (rediss://:<token>@<host>:6379; kind: kind/redis.yaml makes it).
{{- end }}

Transcode workers scale {{ .Values.transcoder.scaling.minReplicas }}-{{ .Values.transcoder.scaling.maxReplicas }} with the jobs queue (KEDA):
  kubectl -n {{ $ns }} get scaledobject {{ $name }}-transcoder -w
  kubectl -n {{ $ns }} get hpa,pods -l app.kubernetes.io/instance={{ .Release.Name }}
  kubectl -n {{ $ns }} logs -f -l app.kubernetes.io/instance={{ .Release.Name }},app.kubernetes.io/component=transcoder --max-log-requests 10

Events (outbox relay, webhook deliveries, maintenance on BullMQ) run {{ .Values.events.autoscaling.minReplicas }}-{{ .Values.events.autoscaling.maxReplicas }} replicas:
  kubectl -n {{ $ns }} rollout status deployment/{{ $name }}-events
  kubectl -n {{ $ns }} port-forward svc/{{ $name }}-events 9200:9200   # /readyz, /metrics
`;
}
