//go:build tools

// Package upstreamsuite records in go.mod and go.sum what upstream kro's
// integration suite (test/integration/suites/core, run by dev/test-upstream)
// and our environment/setup.go import, so that `go mod tidy` keeps them.
package upstreamsuite

import (
	_ "github.com/kubernetes-sigs/kro/api/internal.kro.run/v1alpha1"
	_ "github.com/kubernetes-sigs/kro/api/v1alpha1"
	_ "github.com/kubernetes-sigs/kro/pkg/apis"
	_ "github.com/kubernetes-sigs/kro/pkg/controller/instance"
	_ "github.com/kubernetes-sigs/kro/pkg/controller/instance/applyset"
	_ "github.com/kubernetes-sigs/kro/pkg/controller/resourcegraphdefinition"
	_ "github.com/kubernetes-sigs/kro/pkg/features"
	_ "github.com/kubernetes-sigs/kro/pkg/graph/hash"
	_ "github.com/kubernetes-sigs/kro/pkg/metadata"
	_ "github.com/kubernetes-sigs/kro/pkg/metrics"
	_ "github.com/kubernetes-sigs/kro/pkg/testutil/generator"
	_ "github.com/kubernetes-sigs/kro/test/integration/environment"
	_ "github.com/onsi/ginkgo/v2"
	_ "github.com/onsi/ginkgo/v2/ginkgo"
	_ "github.com/onsi/gomega"
	_ "github.com/prometheus/client_golang/prometheus/testutil"
	_ "k8s.io/api/admissionregistration/v1"
	_ "k8s.io/api/batch/v1"
	_ "k8s.io/client-go/util/retry"
	_ "sigs.k8s.io/release-utils/version"
)
