"""Writes dataset/testdata/scaler.json: scikit-learn 1.2.1's MinMaxScaler
fitted on a matrix with a constant column, a nearly constant column (range
below 10 machine epsilons), NaNs and mixed signs, and its transform of new
rows, for TestMinMaxScalerMatchesScikitLearn. Run with Debian's
/usr/bin/python3 from the repository root."""
import json

import numpy as np
from sklearn.preprocessing import MinMaxScaler

rs = np.random.RandomState(3)
fit = rs.standard_normal((8, 6)) * [1, 10, 1e-3, 1, 1, 100]
fit[:, 1] = 4.25                       # constant
fit[:, 2] = 1.0 + np.arange(8) * 2e-16  # range 1.4e-15 < 10 eps
fit[3, 3] = np.nan                      # ignored by nanmin/nanmax
fit[5, 4] = -0.0
new = rs.standard_normal((4, 6)) * 3
new[1, 0] = np.nan
s = MinMaxScaler().fit(fit)
out = s.transform(new)
def fl(a):
    return [None if np.isnan(v) else float(v) for v in np.ravel(a)]
with open("dataset/testdata/scaler.json", "w") as fh:
    json.dump({"rows": 8, "cols": 6, "fit": fl(fit), "new": fl(new),
               "data_min": fl(s.data_min_), "data_max": fl(s.data_max_),
               "scale": fl(s.scale_), "min": fl(s.min_), "transformed": fl(out)}, fh, indent=0)
