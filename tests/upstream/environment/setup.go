// Package environment is kro-cpp's stand-in for upstream kro's
// test/integration/environment/setup.go. dev/test-upstream compiles upstream's
// integration suite with this file in place of upstream's (go build -overlay),
// so the spec files and upstream's other environment files (client_isolation.go,
// shared.go) run unchanged.
//
// Upstream's New starts envtest and runs kro's controllers in the test process.
// Here New starts the same envtest control plane (same CRDs, same apiserver
// flags) and runs kro-cpp's kro-controller as a separate process with the
// flags that mirror upstream's in-process controller configuration. Specs can
// only observe it through the API server, which is the point.
//
// Inputs, all set by dev/test-upstream:
//
//	KRO_SUITE_CONTROLLER  path of the kro-controller binary (required)
//	KRO_SUITE_CRD_DIRS    CRD folders to install, separated by ':' (required)
//	KRO_SUITE_LOG_DIR     folder for each controller's log (default: LogWriter)
//	KRO_SUITE_CONTROLLER_ARGS  more kro-controller flags, space-separated (e.g. --log-level debug)
//	KUBEBUILDER_ASSETS    folder holding kube-apiserver, etcd and kubectl
package environment

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	"sigs.k8s.io/controller-runtime/pkg/metrics/server"
	"sigs.k8s.io/release-utils/version"

	internalv1alpha1 "github.com/kubernetes-sigs/kro/api/internal.kro.run/v1alpha1"
	krov1alpha1 "github.com/kubernetes-sigs/kro/api/v1alpha1"
	kroclient "github.com/kubernetes-sigs/kro/pkg/client"
	ctrlinstance "github.com/kubernetes-sigs/kro/pkg/controller/instance"
	"github.com/kubernetes-sigs/kro/pkg/features"
	"github.com/kubernetes-sigs/kro/pkg/graph"
)

// Environment keeps the exported fields of upstream's type so that spec files
// compile unchanged. CtrlManager is a manager that is never started: there is
// no in-process controller, and specs only read through its API reader.
type Environment struct {
	context context.Context
	cancel  context.CancelFunc

	ControllerConfig ControllerConfig
	Client           client.Client
	TestEnv          *envtest.Environment
	CtrlManager      ctrl.Manager
	ClientSet        *kroclient.Set
	CRDManager       kroclient.CRDClient
	GraphBuilder     *graph.Builder

	kubeconfig string
	controller *controllerProcess
}

// ControllerConfig is upstream's; each field becomes a kro-controller flag.
type ControllerConfig struct {
	AllowCRDDeletion  bool
	ReconcileConfig   ctrlinstance.ReconcileConfig
	MaxGraphRevisions int
	LogWriter         io.Writer
}

func init() {
	// As upstream: silence apiserver warning headers in spec output.
	rest.SetDefaultWarningHandler(rest.NoWarnings{})
}

// New starts a fresh envtest control plane and a kro-controller process
// against it, and returns once the controller reports ready.
func New(ctx context.Context, controllerConfig ControllerConfig) (_ *Environment, retErr error) {
	env := &Environment{ControllerConfig: controllerConfig}
	defer func() {
		if retErr != nil {
			retErr = errors.Join(retErr, env.Stop())
		}
	}()
	if env.ControllerConfig.LogWriter == nil {
		env.ControllerConfig.LogWriter = io.Discard
	}
	env.context, env.cancel = context.WithCancel(ctx)

	crdDirs := filepath.SplitList(os.Getenv("KRO_SUITE_CRD_DIRS"))
	if len(crdDirs) == 0 || os.Getenv("KUBEBUILDER_ASSETS") == "" {
		return nil, errors.New("KRO_SUITE_CRD_DIRS and KUBEBUILDER_ASSETS must be set (dev/test-upstream sets them)")
	}
	env.TestEnv = &envtest.Environment{
		CRDDirectoryPaths:       crdDirs,
		ErrorIfCRDPathMissing:   true,
		ControlPlaneStopTimeout: 2 * time.Minute,
	}
	// The same apiserver settings as upstream's environment.
	apiServer := env.TestEnv.ControlPlane.GetAPIServer().Configure()
	apiServer.Append("enable-admission-plugins", "ValidatingAdmissionPolicy")
	apiServer.Set("enable-priority-and-fairness", "false")
	apiServer.Set("max-requests-inflight", "800")
	apiServer.Set("max-mutating-requests-inflight", "400")

	cfg, err := env.TestEnv.Start()
	if err != nil {
		return nil, fmt.Errorf("starting test environment: %w", err)
	}
	if err := env.connect(cfg); err != nil {
		return nil, err
	}
	// Never started: specs use only its API reader (a client without a cache), which reads
	// through the API server like any client.
	env.CtrlManager, err = ctrl.NewManager(cfg, ctrl.Options{
		Scheme:                 scheme.Scheme,
		Metrics:                server.Options{BindAddress: "0"},
		HealthProbeBindAddress: "0",
	})
	if err != nil {
		return nil, fmt.Errorf("creating the API reader's manager: %w", err)
	}
	env.kubeconfig, err = writeKubeconfig(env.TestEnv.ControlPlane.APIServer.CertDir, cfg)
	if err != nil {
		return nil, err
	}
	if err := env.startController(); err != nil {
		return nil, fmt.Errorf("starting kro-controller: %w", err)
	}
	return env, nil
}

// NewShared connects to a control plane another Ginkgo process started.
func NewShared(ctx context.Context, cfg *rest.Config) (_ *Environment, retErr error) {
	env := &Environment{}
	env.ControllerConfig.LogWriter = io.Discard
	env.context, env.cancel = context.WithCancel(ctx)
	if err := env.connect(cfg); err != nil {
		env.cancel()
		return nil, err
	}
	return env, nil
}

// connect builds the clients the specs use, as upstream's initializeClients.
func (e *Environment) connect(cfg *rest.Config) error {
	clientSet, err := kroclient.NewSet(kroclient.Config{RestConfig: cfg})
	if err != nil {
		return fmt.Errorf("creating client set: %w", err)
	}
	e.ClientSet = clientSet
	if err := internalv1alpha1.AddToScheme(scheme.Scheme); err != nil {
		return fmt.Errorf("adding internal kro scheme: %w", err)
	}
	if err := krov1alpha1.AddToScheme(scheme.Scheme); err != nil {
		return fmt.Errorf("adding kro scheme: %w", err)
	}
	e.Client, err = client.New(cfg, client.Options{Scheme: scheme.Scheme})
	if err != nil {
		return fmt.Errorf("creating client: %w", err)
	}
	e.CRDManager = e.ClientSet.CRD(kroclient.CRDWrapperConfig{})
	e.GraphBuilder, err = graph.NewBuilder(cfg, e.ClientSet.HTTPClient())
	if err != nil {
		return fmt.Errorf("creating graph builder: %w", err)
	}
	return nil
}

// RestartControllers stops the kro-controller process and starts a new one.
func (e *Environment) RestartControllers() error {
	if err := e.controller.stop(); err != nil {
		return fmt.Errorf("stopping kro-controller: %w", err)
	}
	return e.startController()
}

// Stop stops the controller process, then the control plane.
func (e *Environment) Stop() error {
	if e == nil {
		return nil
	}
	if e.cancel != nil {
		e.cancel()
	}
	var errs []error
	if e.controller != nil {
		errs = append(errs, e.controller.stop())
		e.controller = nil
	}
	if e.TestEnv != nil {
		errs = append(errs, e.TestEnv.Stop())
		e.TestEnv = nil
	}
	return errors.Join(errs...)
}

// controllerFlags mirrors upstream's in-process configuration
// (environment/setup.go setupController) as kro-controller flags.
func (e *Environment) controllerFlags(probeAddr string) []string {
	c := e.ControllerConfig
	maxRevisions := c.MaxGraphRevisions
	if maxRevisions <= 0 {
		maxRevisions = 20
	}
	flags := []string{
		"--kubeconfig", e.kubeconfig,
		"--metrics-bind-address", "0",
		"--health-probe-bind-address", probeAddr,
		"--resource-graph-definition-concurrent-reconciles", "40",
		"--dynamic-controller-concurrent-reconciles", "40",
		"--dynamic-controller-default-resync-period", "0",
		"--dynamic-controller-default-queue-max-retries", "20",
		"--dynamic-controller-rate-limiter-min-delay", "200ms",
		"--dynamic-controller-rate-limiter-max-delay", "1000s",
		"--dynamic-controller-rate-limiter-rate-limit", "10",
		"--dynamic-controller-rate-limiter-burst-limit", "100",
		"--instance-requeue-interval", c.ReconcileConfig.DefaultRequeueDuration.String(),
		"--rgd-progress-requeue-delay", "1s",
		"--rgd-max-graph-revisions", fmt.Sprint(maxRevisions),
		"--rgd-max-collection-size", "1000",
		"--rgd-max-collection-dimension-size", "10",
		// envtest's rest.Config, which upstream's in-process clients use.
		"--client-qps", "1000",
		"--client-burst", "2000",
	}
	if c.AllowCRDDeletion {
		flags = append(flags, "--allow-crd-deletion")
	}
	if gates := enabledFeatureGates(); gates != "" {
		flags = append(flags, "--feature-gates", gates)
	}
	return append(flags, strings.Fields(os.Getenv("KRO_SUITE_CONTROLLER_ARGS"))...)
}

// enabledFeatureGates forwards the gates the suite turned on in this process
// (features.FeatureGate.Set in setup_test.go) to the controller process.
func enabledFeatureGates() string {
	var on []string
	for name := range features.FeatureGate.GetAll() {
		if name == "AllAlpha" || name == "AllBeta" {
			continue
		}
		if features.FeatureGate.Enabled(name) {
			on = append(on, string(name)+"=true")
		}
	}
	sort.Strings(on)
	return strings.Join(on, ",")
}

func (e *Environment) startController() error {
	bin := os.Getenv("KRO_SUITE_CONTROLLER")
	if bin == "" {
		return errors.New("KRO_SUITE_CONTROLLER must name the kro-controller binary")
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	probeAddr := fmt.Sprintf("127.0.0.1:%d", port)
	p, err := startProcess(bin, e.controllerFlags(probeAddr), e.ControllerConfig.LogWriter)
	if err != nil {
		return err
	}
	e.controller = p
	return p.waitReady("http://"+probeAddr+"/readyz", 60*time.Second)
}

// controllerProcess is one running kro-controller.
type controllerProcess struct {
	cmd     *exec.Cmd
	done    chan struct{}
	waitErr error
	logFile *os.File
	once    sync.Once
}

func startProcess(bin string, args []string, logWriter io.Writer) (*controllerProcess, error) {
	p := &controllerProcess{done: make(chan struct{})}
	out := logWriter
	if dir := os.Getenv("KRO_SUITE_LOG_DIR"); dir != "" {
		f, err := os.CreateTemp(dir, "kro-controller-*.log")
		if err != nil {
			return nil, err
		}
		p.logFile = f
		out = f
	}
	p.cmd = exec.Command(bin, args...)
	// Report the version upstream's in-process controller reports in this
	// suite, that of the unversioned test binary ("devel"): specs compare the
	// kro.run/kro-version label and the applyset tooling annotation with it.
	p.cmd.Env = append(os.Environ(), "KRO_CONTROLLER_VERSION="+version.GetVersionInfo().GitVersion)
	p.cmd.Stdout, p.cmd.Stderr = out, out
	// It stays in the test's process group, so that an interrupt of the suite
	// (dev/test-upstream signals Ginkgo's whole group) reaches it too. No
	// Pdeathsig: Linux sends it when the creating OS thread exits, which the Go
	// runtime may do at any time, and the controller would die mid-suite.
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		p.waitErr = p.cmd.Wait()
		// Say how it ended in its own log (a signal, a crash, an exit code): a
		// controller that dies mid-suite fails every later spec.
		fmt.Fprintf(out, "dev/test-upstream: kro-controller exited: %v (%s)\n",
			p.waitErr, p.cmd.ProcessState)
		close(p.done)
	}()
	return p, nil
}

func (p *controllerProcess) waitReady(url string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			return fmt.Errorf("kro-controller exited before it was ready: %v", p.waitErr)
		default:
		}
		resp, err := http.Get(url)
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("kro-controller not ready after %s", timeout)
}

// stop sends SIGTERM and waits for the graceful shutdown, then SIGKILL.
func (p *controllerProcess) stop() error {
	if p == nil {
		return nil
	}
	var err error
	p.once.Do(func() {
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(30 * time.Second):
			_ = p.cmd.Process.Kill()
			<-p.done
			err = errors.New("kro-controller did not stop within 30s of SIGTERM")
		}
		if p.logFile != nil {
			_ = p.logFile.Close()
		}
	})
	return err
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// writeKubeconfig writes cfg (envtest's admin client certificate) as a
// kubeconfig file for the controller process.
func writeKubeconfig(dir string, cfg *rest.Config) (string, error) {
	kc := clientcmdapi.NewConfig()
	kc.Clusters["envtest"] = &clientcmdapi.Cluster{
		Server:                   cfg.Host,
		CertificateAuthorityData: cfg.CAData,
	}
	kc.AuthInfos["admin"] = &clientcmdapi.AuthInfo{
		ClientCertificateData: cfg.CertData,
		ClientKeyData:         cfg.KeyData,
		Token:                 cfg.BearerToken,
	}
	kc.Contexts["envtest"] = &clientcmdapi.Context{Cluster: "envtest", AuthInfo: "admin"}
	kc.CurrentContext = "envtest"
	path := filepath.Join(dir, "kro-controller.kubeconfig")
	if err := clientcmd.WriteToFile(*kc, path); err != nil {
		return "", fmt.Errorf("writing kubeconfig: %w", err)
	}
	return path, nil
}
